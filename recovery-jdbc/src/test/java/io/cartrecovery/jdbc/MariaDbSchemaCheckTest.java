package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each test on a database of its own, created empty (the extension skips the class when MariaDB is not there). */
class MariaDbSchemaCheckTest extends SchemaCheckScenario {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("schemacheck", 1);
    private final Map<String, HikariDataSource> schemas = new LinkedHashMap<>();

    @Override
    DataSource freshDatabase() {
        String schema = Databases.createMariaDbDatabase("schemacheck");
        HikariDataSource dataSource = Databases.mariadb(schema, 2);
        schemas.put(schema, dataSource);
        return dataSource;
    }

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }

    @AfterEach
    void drop() throws SQLException {
        for (Map.Entry<String, HikariDataSource> schema : schemas.entrySet()) {
            schema.getValue().close();
            Databases.dropMariaDbDatabase(schema.getKey());
        }
    }
}

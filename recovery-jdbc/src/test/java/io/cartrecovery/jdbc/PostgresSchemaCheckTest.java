package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each test on a schema of its own, created empty (the extension skips the class when PostgreSQL is not there). */
class PostgresSchemaCheckTest extends SchemaCheckScenario {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("schemacheck", 1);
    private final Map<String, HikariDataSource> schemas = new LinkedHashMap<>();

    @Override
    DataSource freshDatabase() {
        String schema = Databases.createPostgresSchema("schemacheck");
        HikariDataSource dataSource = Databases.postgres(schema, 2);
        schemas.put(schema, dataSource);
        return dataSource;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @AfterEach
    void drop() throws SQLException {
        for (Map.Entry<String, HikariDataSource> schema : schemas.entrySet()) {
            schema.getValue().close();
            Databases.dropPostgresSchema(schema.getKey());
        }
    }
}

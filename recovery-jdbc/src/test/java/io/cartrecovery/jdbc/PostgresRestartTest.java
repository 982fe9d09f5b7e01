package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.sql.SQLException;

class PostgresRestartTest extends RestartScenario {
    private static String schema;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        schema = Databases.createPostgresSchema("restart");
        dataSource = Databases.postgres(schema, 8);
        JdbcSchema.migrate(dataSource);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        Databases.dropPostgresSchema(schema);
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}

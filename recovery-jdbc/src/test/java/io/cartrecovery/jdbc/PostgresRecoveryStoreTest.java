package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.testing.RecoveryStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.SQLException;

/** The JDBC store on PostgreSQL against the store contract. */
class PostgresRecoveryStoreTest extends RecoveryStoreContract {
    private static String schema;
    private static HikariDataSource dataSource;
    private static JdbcRecoveryStore jdbcStore;

    @BeforeAll
    static void createSchema() {
        schema = Databases.createPostgresSchema("contract");
        dataSource = Databases.postgres(schema, 4);
        jdbcStore = JdbcRecoveryStore.builder(dataSource).build();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        Databases.dropPostgresSchema(schema);
    }

    @Override
    protected RecoveryStore newStore() {
        try {
            Databases.truncate(dataSource, Dialect.POSTGRESQL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return jdbcStore;
    }
}

package io.cartrecovery.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.sql.SQLException;

/** Engine calls in the host's transaction, on H2. */
class H2HostTransactionTest extends HostTransactionContract {
    private JdbcDataSource h2;

    @Override
    DataSource emptyDatabase() {
        h2 = Databases.h2();
        JdbcRecoveryStore.builder(h2).build();
        return h2;
    }

    @AfterEach
    void shutdown() throws SQLException {
        Databases.shutdownH2(h2);
    }
}

package io.cartrecovery.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.time.Clock;

/** Bulk step contexts on H2. */
class H2StepContextsTest extends StepContextsContract {
    private JdbcDataSource dataSource;

    @Override
    JdbcRecoveryStore newStore(Clock clock) {
        dataSource = Databases.h2();
        return JdbcRecoveryStore.builder(dataSource).clock(clock).build();
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }

    @AfterEach
    void shutdown() throws Exception {
        Databases.shutdownH2(dataSource);
    }
}

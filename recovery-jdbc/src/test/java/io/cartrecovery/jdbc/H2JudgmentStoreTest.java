package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.testing.JudgmentStoreContract;
import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.sql.SQLException;

/** The JDBC store on H2 in-memory against the judgment contract: settings, engagement, analytics. */
class H2JudgmentStoreTest extends JudgmentStoreContract {
    private DataSource dataSource;

    @Override
    protected RecoveryStore newStore() {
        dataSource = Databases.h2();
        return JdbcRecoveryStore.builder(dataSource).build();
    }

    @AfterEach
    void shutdown() throws SQLException {
        Databases.shutdownH2(dataSource);
    }
}

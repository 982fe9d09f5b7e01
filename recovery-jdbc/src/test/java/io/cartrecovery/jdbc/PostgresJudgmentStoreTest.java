package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.testing.JudgmentStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;

/** The JDBC store on PostgreSQL against the judgment contract: settings, engagement, analytics. */
class PostgresJudgmentStoreTest extends JudgmentStoreContract {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("judgment", 4);

    @Override
    protected RecoveryStore newStore() {
        try {
            postgres.truncate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JdbcRecoveryStore.builder(postgres.dataSource()).migrate(false).build();
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.JudgmentStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL against the judgment contract: settings, engagement, analytics. */
class PostgresJudgmentStoreTest extends JudgmentStoreContract {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("judgment", 4);

    @Override
    protected RecoveryStore newStore() {
        return postgres.emptyStore();
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.JudgmentStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB against the judgment contract: settings, engagement, analytics. */
class MariaDbJudgmentStoreTest extends JudgmentStoreContract {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("judgment", 4);

    @Override
    protected RecoveryStore newStore() {
        return mariadb.emptyStore();
    }
}

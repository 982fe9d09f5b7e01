package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.RecoveryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB against the store contract. */
class MariaDbRecoveryStoreTest extends RecoveryStoreContract {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("contract", 4);

    @Override
    protected RecoveryStore newStore() {
        return mariadb.emptyStore();
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.PrivacyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on MariaDB against the privacy contract. */
class MariaDbPrivacyStoreTest extends PrivacyStoreContract {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("privacy", 4);

    @Override
    protected RecoveryStore newStore() {
        return mariadb.emptyStore();
    }
}

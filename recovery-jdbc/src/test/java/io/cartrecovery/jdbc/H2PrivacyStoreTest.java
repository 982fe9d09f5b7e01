package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.PrivacyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on H2 in-memory against the privacy contract. */
class H2PrivacyStoreTest extends PrivacyStoreContract {
    @RegisterExtension
    final H2Database h2 = new H2Database();

    @Override
    protected RecoveryStore newStore() {
        return h2.newStore();
    }
}

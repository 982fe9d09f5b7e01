package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.RecoveryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on H2 in-memory against the store contract. */
class H2RecoveryStoreTest extends RecoveryStoreContract {
    @RegisterExtension
    final H2Database h2 = new H2Database();

    @Override
    protected RecoveryStore newStore() {
        return h2.newStore();
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.RecoveryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL against the store contract. */
class PostgresRecoveryStoreTest extends RecoveryStoreContract {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("contract", 4);

    @Override
    protected RecoveryStore newStore() {
        return postgres.emptyStore();
    }
}

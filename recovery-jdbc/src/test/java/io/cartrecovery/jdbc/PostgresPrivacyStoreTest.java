package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.PrivacyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on PostgreSQL against the privacy contract. */
class PostgresPrivacyStoreTest extends PrivacyStoreContract {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("privacy", 4);

    @Override
    protected RecoveryStore newStore() {
        return postgres.emptyStore();
    }
}

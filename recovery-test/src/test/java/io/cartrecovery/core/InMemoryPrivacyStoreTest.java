package io.cartrecovery.core;

import io.cartrecovery.test.PrivacyStoreContract;

/** The heap store against the privacy contract. */
class InMemoryPrivacyStoreTest extends PrivacyStoreContract {

    @Override
    protected RecoveryStore newStore() {
        return RecoveryStore.inMemory();
    }
}

package io.cartrecovery.core;

import io.cartrecovery.test.RecoveryStoreContract;

/** The heap store against the store contract. */
class InMemoryRecoveryStoreTest extends RecoveryStoreContract {

    @Override
    protected RecoveryStore newStore() {
        return RecoveryStore.inMemory();
    }
}

package io.cartrecovery.core.internal;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.testing.JudgmentStoreContract;

class InMemoryJudgmentStoreTest extends JudgmentStoreContract {

    @Override
    protected RecoveryStore newStore() {
        return RecoveryStore.inMemory();
    }
}

package io.cartrecovery.core.internal;

import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.test.JudgmentStoreContract;

class InMemoryJudgmentStoreTest extends JudgmentStoreContract {

    @Override
    protected RecoveryStore newStore() {
        return RecoveryStore.inMemory();
    }
}

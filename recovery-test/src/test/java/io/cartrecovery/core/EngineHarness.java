package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;

import java.util.SplittableRandom;

import static io.cartrecovery.test.Fixtures.T0;

/** An engine on virtual time with recording senders, for the engine's tests. */
final class EngineHarness {
    static final String STORE = "store-a";
    static final String OTHER_STORE = "store-b";

    final SettableClock clock = SettableClock.at(T0);
    final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    final RecordingSender email = new RecordingSender(clock);
    final RecordingSender popup = new RecordingSender(clock);
    final RecoveryStore store = RecoveryStore.inMemory();
    final RecoveryEngine engine;

    EngineHarness() {
        this(RetryPolicy.defaults(), MessageGenerator.templates());
    }

    EngineHarness(RetryPolicy retryPolicy, MessageGenerator generator) {
        engine = RecoveryEngine.builder()
                .store(store)
                .clock(clock)
                .scheduler(scheduler)
                .random(new SplittableRandom(42))
                .retryPolicy(retryPolicy)
                .messageGenerator(generator)
                .sender(Channel.EMAIL, email)
                .sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build())
                .configureStore(StoreSettings.builder(OTHER_STORE).exactTiming().build())
                .build();
    }

    /** Reports a cart of {@code customerId} active now and abandons it now. */
    RecoverySequence abandon(String cartId, String customerId) {
        engine.cartUpdated(Fixtures.cart(STORE, cartId, customerId, clock.instant()),
                Fixtures.customer(STORE, customerId));
        return engine.cartAbandoned(STORE, cartId, clock.instant()).orElseThrow();
    }

    RecoverySequence reload(RecoverySequence sequence) {
        return engine.sequence(sequence.storeId(), sequence.id());
    }
}

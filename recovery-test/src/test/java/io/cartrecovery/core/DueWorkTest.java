package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Due work lives in the store alone: an engine rebuilt on the same store, with any scheduler, finds it again, and
 * a step whose run fails before its claim, for any reason, comes back after a bounded delay and ends with a
 * recorded outcome.
 */
class DueWorkTest {
    private static final String STORE = EngineHarness.STORE;

    @Test
    void anEngineRebuiltOnTheSameStoreWithTheDefaultSchedulerSendsTheRemainingSteps() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        RecoveryStore store = RecoveryStore.inMemory();
        RecordingSender email = new RecordingSender(clock);
        RecoveryEngine first = defaultEngine(store, clock, email);
        first.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        RecoverySequence sequence = first.cartAbandoned(STORE, "c1", T0).orElseThrow();
        clock.set(T0.plus(Duration.ofHours(2)));
        awaitSent(email, 1);
        first.close();

        RecordingSender afterRestart = new RecordingSender(clock);
        try (RecoveryEngine second = defaultEngine(store, clock, afterRestart)) {
            for (int hours : new int[] {24, 48, 72}) {
                clock.set(T0.plus(Duration.ofHours(hours)));
                awaitSent(afterRestart, hours / 24);
            }
            assertThat(afterRestart.sent()).extracting(a -> a.delivery().step().id())
                    .containsExactly("EMAIL_24H", "EMAIL_48H", "EMAIL_72H");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.sequence(STORE, sequence.id()).isActive() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the completion follows the last send at once
            }
            assertThat(second.sequence(STORE, sequence.id()).status()).isEqualTo(SequenceStatus.COMPLETED);
        }
    }

    private static RecoveryEngine defaultEngine(RecoveryStore store, SettableClock clock, RecordingSender email) {
        // No .scheduler(...): the store's default, which polls the store.
        return RecoveryEngine.builder().store(store).clock(clock).random(new SplittableRandom(1))
                .sender(Channel.EMAIL, email)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build())
                .build();
    }

    private static void awaitSent(RecordingSender sender, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sender.sent().size() < count && System.nanoTime() < deadline) {
            sender.awaitAttempt(100);
        }
        assertThat(sender.sent()).hasSizeGreaterThanOrEqualTo(count);
    }

    @Test
    void aRunThatThrowsAnErrorIsRetriedWithBackoffThenRecordedAsFailedAndTheSequenceMovesOn() {
        MessageGenerator broken = request -> {
            throw new StackOverflowError("a template that recursed");
        };
        EngineHarness h = new EngineHarness(RetryPolicy.defaults(), broken);
        // The generator's Error escapes the template fallback (it is no RuntimeException): the run fails.
        RecoverySequence sequence = h.abandon("c1", "u1");

        h.scheduler.advance(Duration.ofHours(1).plusMinutes(1));
        List<RecoveryEvent> history = h.engine.history(STORE, sequence.id());
        assertThat(history).filteredOn(e -> e.type() == EventType.STEP_RETRY_SCHEDULED)
                .extracting(RecoveryEvent::detail).first().isEqualTo("RUN_FAILED: StackOverflowError");

        h.scheduler.advance(Duration.ofDays(5));
        RecoverySequence ended = h.reload(sequence);
        assertThat(ended.status()).isEqualTo(SequenceStatus.COMPLETED);
        assertThat(ended.outcomes()).hasSize(5).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(StepStatus.FAILED);
            assertThat(outcome.reason()).isEqualTo("RUN_FAILED: StackOverflowError");
            assertThat(outcome.attempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
        });
        assertThat(h.email.attempts()).isEmpty();
    }

    @Test
    void aRunThatFailsOnceIsSentOnItsRetry() {
        int[] calls = {0};
        MessageGenerator flaky = request -> {
            if (calls[0]++ == 0) {
                throw new OutOfMemoryError("one huge cart");
            }
            return MessageGenerator.templates().generate(request);
        };
        EngineHarness h = new EngineHarness(RetryPolicy.defaults(), flaky);
        RecoverySequence sequence = h.abandon("c1", "u1");

        h.scheduler.advance(Duration.ofHours(1).plusMinutes(5));

        assertThat(h.popup.sent()).hasSize(1);
        assertThat(h.reload(sequence).outcomes()).singleElement()
                .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(StepStatus.SENT));
    }

    @Test
    void aSenderThatThrowsAnErrorCountsAsATransientFailure() {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                .sender(Channel.POPUP, delivery -> {
                    throw new NoClassDefFoundError("a broken storefront library");
                })
                .configureStore(StoreSettings.builder(STORE).exactTiming().build())
                .build();
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        RecoverySequence sequence = engine.cartAbandoned(STORE, "c1", T0).orElseThrow();

        scheduler.advance(Duration.ofHours(1));

        assertThat(engine.history(STORE, sequence.id())).filteredOn(e -> e.type() == EventType.STEP_RETRY_SCHEDULED)
                .extracting(RecoveryEvent::detail).containsExactly("NoClassDefFoundError");
        assertThat(engine.sequence(STORE, sequence.id()).attempt()).isEqualTo(1);
    }

    @Test
    void aStoreWithoutSettingsDoesNotHoldItsSequencesForEver() {
        EngineHarness h = new EngineHarness();
        Cart cart = Fixtures.cart("unconfigured", "c1", "u1", T0);
        RecoverySequence orphan = RecoverySequence.start("orphan", cart, SequenceType.FIRST_TIME, null,
                SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0, T0);
        h.store.insert(orphan, List.of());

        h.scheduler.advance(Duration.ofDays(4));

        RecoverySequence ended = h.store.sequence("unconfigured", "orphan").orElseThrow();
        assertThat(ended.status()).isEqualTo(SequenceStatus.COMPLETED);
        assertThat(ended.outcomes()).allSatisfy(o -> assertThat(o.reason()).startsWith("RUN_FAILED"));
    }
}

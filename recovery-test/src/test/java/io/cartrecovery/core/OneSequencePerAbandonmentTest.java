package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One abandonment of a cart starts at most one sequence, whatever the concurrency: concurrent calls, and the
 * engine's own inactivity timer racing the host's call, all answer with the sequence that won.
 */
class OneSequencePerAbandonmentTest {
    private static final String STORE = EngineHarness.STORE;
    private static final int CARTS = 500;
    private static final int THREADS = 4;

    @Test
    void concurrentAbandonmentsOfOneCartStartOneSequence() throws Exception {
        EngineHarness h = new EngineHarness();
        for (int i = 0; i < CARTS; i++) {
            h.engine.cartUpdated(Fixtures.cart(STORE, "c" + i, "u" + i, T0), Fixtures.customer(STORE, "u" + i));
        }
        h.clock.advance(Duration.ofMinutes(45));
        Instant abandonedAt = h.clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<List<String>> caller = () -> {
                    start.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < CARTS; i++) {
                        String cartId = "c" + i;
                        Optional<RecoverySequence> started = thread % 2 == 0
                                ? h.engine.cartAbandoned(STORE, cartId, abandonedAt)
                                : timerThenLookUp(h, cartId); // the engine's inactivity timer
                        ids.add(started.map(RecoverySequence::id).orElse(null));
                    }
                    return ids;
                };
                results.add(pool.submit(caller));
            }
            List<List<String>> answers = new ArrayList<>();
            for (Future<List<String>> result : results) {
                answers.add(result.get());
            }
            for (int i = 0; i < CARTS; i++) {
                List<RecoverySequence> ofCart = h.store.sequencesOfCart(STORE, "c" + i);
                assertThat(ofCart).as("sequences of cart c%d", i).hasSize(1);
                assertThat(ofCart.get(0).isActive()).isTrue();
                for (int t = 0; t < THREADS; t += 2) {
                    assertThat(answers.get(t).get(i)).isEqualTo(ofCart.get(0).id());
                }
            }
            List<RecoveryEvent> events = h.store.events(STORE, T0, T0.plus(Duration.ofDays(1)));
            assertThat(events).filteredOn(e -> e.type() == EventType.SEQUENCE_STARTED).hasSize(CARTS);
            assertThat(events).filteredOn(e -> e.type() == EventType.SEQUENCE_STOPPED).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<RecoverySequence> timerThenLookUp(EngineHarness h, String cartId) {
        h.engine.runDue(TimerKey.cart(STORE, cartId));
        return Optional.empty();
    }

    @Test
    void repeatedAbandonmentsWithoutNewActivityAnswerTheSameSequenceEvenAfterItEnded() {
        EngineHarness h = new EngineHarness();
        RecoverySequence first = h.abandon("c1", "u1");
        h.engine.stop(STORE, first.id(), StopReason.MANUAL);

        Optional<RecoverySequence> again = h.engine.cartAbandoned(STORE, "c1", h.clock.instant());

        assertThat(again).map(RecoverySequence::id).contains(first.id());
        assertThat(h.store.sequencesOfCart(STORE, "c1")).hasSize(1);
    }

    @Test
    void aRestartStartsANewSequenceOnce() {
        EngineHarness h = new EngineHarness();
        RecoverySequence first = h.abandon("c1", "u1");
        h.engine.stop(STORE, first.id(), StopReason.MANUAL);
        h.clock.advance(Duration.ofMinutes(1));

        RecoverySequence restarted = h.engine.restart(STORE, first.id());

        assertThat(restarted.id()).isNotEqualTo(first.id());
        assertThat(restarted.isActive()).isTrue();
        assertThat(h.store.sequencesOfCart(STORE, "c1")).hasSize(2);
    }
}

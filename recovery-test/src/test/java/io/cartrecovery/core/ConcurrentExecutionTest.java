package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Eight threads executing the due work of one store at once: no duplicate send, no lost step. */
class ConcurrentExecutionTest {
    private static final String STORE = "store-c";
    private static final int SEQUENCES = 1_000;
    private static final int THREADS = 8;

    @Test
    void eightWorkersOnOneStoreSendEveryStepExactlyOnce() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        RecoveryStore store = RecoveryStore.inMemory();
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        Sender flaky = delivery -> {
            if (calls.incrementAndGet() % 10 == 0) {
                return SendResult.transientFailure("every tenth call fails");
            }
            delivered.computeIfAbsent(delivery.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            return SendResult.delivered();
        };
        RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock)
                .scheduler(Scheduler.virtualTime(clock)) // never advanced: the workers below pull due work themselves
                .random(new SplittableRandom(7))
                .sender(Channel.EMAIL, flaky).sender(Channel.POPUP, flaky)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
        for (int i = 0; i < SEQUENCES; i++) {
            engine.cartUpdated(Fixtures.cart(STORE, "c" + i, "u" + i, T0), Fixtures.customer(STORE, "u" + i));
            engine.cartAbandoned(STORE, "c" + i, T0);
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            while (true) {
                List<RecoverySequence> active = engine.activeSequences(STORE, PageRequest.first(PageRequest.MAX_LIMIT)).items();
                if (active.isEmpty()) {
                    break;
                }
                Instant next = active.stream().map(RecoverySequence::dueAt).min(Comparator.naturalOrder()).orElseThrow();
                if (next.isAfter(clock.instant())) {
                    clock.set(next);
                }
                List<TimerKey> due = store.dueTimers(clock.instant(), Integer.MAX_VALUE).stream().map(DueTimer::key).toList();
                List<Callable<Void>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    workers.add(() -> {
                        // Every worker walks the whole due list from a different start: maximal contention.
                        for (int i = 0; i < due.size(); i++) {
                            engine.runDue(due.get((i + offset * 31) % due.size()));
                        }
                        return null;
                    });
                }
                for (Future<Void> result : pool.invokeAll(workers)) {
                    result.get();
                }
            }
        } finally {
            pool.shutdown();
        }

        assertThat(delivered).hasSize(SEQUENCES * 5);
        assertThat(delivered.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        for (int i = 0; i < SEQUENCES; i++) {
            RecoverySequence sequence = store.sequencesOfCart(STORE, "c" + i).get(0);
            assertThat(sequence.status()).isEqualTo(SequenceStatus.COMPLETED);
            assertThat(sequence.outcomes()).extracting(StepOutcome::status).containsOnly(StepStatus.SENT);
        }
    }
}

package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four nodes, each with its own pool, store and scheduler, share one database schema and drive many sequences
 * through all their steps with random transient send failures and purchases. The size is the system property
 * {@code recovery.multinode.sequences}: by default the 20,000 (about four minutes on the 2-core CI
 * machine); {@code -Drecovery.multinode.sequences=2000} for a quick local run.
 */
abstract class MultiNodeScenario {
    private static final int SEQUENCES = Integer.getInteger("recovery.multinode.sequences", 20_000);
    private static final int NODES = 4;
    private static final String STORE = "shop";

    private final List<HikariDataSource> pools = new ArrayList<>();

    /** A new pool of {@code size} connections on the test class's schema. */
    abstract HikariDataSource newPool(int size);

    /** Every node gets a pool of its own on the same schema. */
    @BeforeEach
    void createPools() {
        for (int i = 0; i < NODES; i++) {
            pools.add(newPool(5));
        }
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void everyStepIsSentExactlyOnceAndNoneAfterACommittedPurchase() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        CountingSender sender = new CountingSender(42, 0.1);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(new Node(pools.get(i), clock, sender, Duration.ofMinutes(5), "node-" + i));
        }
        nodes.get(0).engine.configureStore(StoreSettings.builder(STORE).exactTiming().build());
        startSequences(nodes);

        // A tenth of the customers buy at a random time within the sequence.
        SplittableRandom random = new SplittableRandom(3);
        TreeMap<Instant, List<Integer>> purchases = new TreeMap<>();
        for (int i = 0; i < SEQUENCES; i += 10) {
            Instant at = T0.plusSeconds(random.nextLong(Duration.ofHours(73).toSeconds()));
            purchases.computeIfAbsent(at, t -> new ArrayList<>()).add(i);
        }
        Runnable buy = () -> {
            Map<Instant, List<Integer>> due = purchases.headMap(clock.instant(), true);
            due.values().forEach(carts -> carts.forEach(i -> {
                RecoverySequence sequence = nodes.get(i % NODES).store.sequencesOfCart(STORE, "c" + i).get(0);
                nodes.get((i + 1) % NODES).engine.orderPlaced(new Order(STORE, "o" + i, "c" + i, "u" + i,
                        BigDecimal.TEN, clock.instant()));
                sender.purchaseCommitted(sequence.id());
            }));
            due.clear();
        };

        try {
            Node.drive(nodes, clock, pools.get(0), T0.plus(Duration.ofDays(5)), Duration.ofMinutes(1), buy);
        } finally {
            nodes.forEach(Node::close);
        }

        assertThat(sender.deliveredAfterPurchase()).isEmpty();
        assertThat(sender.delivered().values()).allMatch(count -> count.get() == 1);
        List<StepDefinition> steps = SequencePolicy.defaults(SequenceType.FIRST_TIME).steps();
        JdbcRecoveryStore store = nodes.get(0).store;
        int completed = 0;
        for (int i = 0; i < SEQUENCES; i++) {
            RecoverySequence sequence = store.sequencesOfCart(STORE, "c" + i).get(0);
            if (i % 10 == 0) {
                assertThat(sequence.stopReason()).isIn(StopReason.PURCHASED, null);
            } else {
                assertThat(sequence.status()).as(sequence.id()).isEqualTo(SequenceStatus.COMPLETED);
                for (StepDefinition step : steps) {
                    assertThat(sender.deliveries(sequence.idempotencyKey(step))).as(sequence.idempotencyKey(step))
                            .isEqualTo(1);
                }
                completed++;
            }
        }
        assertThat(completed).isEqualTo(SEQUENCES - SEQUENCES / 10);
        assertThat(store.activeSequences(STORE, io.cartrecovery.core.PageRequest.first(10)).items()).isEmpty();
    }

    /** Every node starts a quarter of the sequences, all nodes at once. */
    private void startSequences(List<Node> nodes) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                Node node = nodes.get(n);
                int first = n;
                starts.add(threads.submit(() -> {
                    for (int i = first; i < SEQUENCES; i += NODES) {
                        node.engine.cartUpdated(Fixtures.cart(STORE, "c" + i, "u" + i, T0),
                                Fixtures.customer(STORE, "u" + i));
                        assertThat(node.engine.cartAbandoned(STORE, "c" + i, T0)).isPresent();
                    }
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get(10, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

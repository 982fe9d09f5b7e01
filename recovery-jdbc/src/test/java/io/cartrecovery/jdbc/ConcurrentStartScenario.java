package io.cartrecovery.jdbc;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three engines on one database abandon the same carts at once, explicitly and through their inactivity timers:
 * each cart gets exactly one sequence, counted once, and every caller is answered with it.
 */
abstract class ConcurrentStartScenario {
    private static final String STORE = "concurrent-starts";
    private static final int CARTS = 100;
    private static final int NODES = 3;

    /** An empty, migrated database shared by the nodes. */
    abstract DataSource dataSource();

    @Test
    void oneAbandonmentStartsOneSequenceAcrossNodes() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        CountingSender sender = new CountingSender(3, 0.0);
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            nodes.add(new Node(dataSource(), clock, sender, Duration.ofMinutes(5), "node-" + n));
        }
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try {
            nodes.get(0).engine.configureStore(StoreSettings.builder(STORE).exactTiming().build());
            for (int i = 0; i < CARTS; i++) {
                nodes.get(i % NODES).engine.cartUpdated(Fixtures.cart(STORE, "c" + i, "u" + i, T0),
                        Fixtures.customer(STORE, "u" + i));
            }
            clock.set(T0.plus(Duration.ofMinutes(40)));
            Instant abandonedAt = clock.instant();
            CyclicBarrier start = new CyclicBarrier(NODES);
            List<Future<List<String>>> answers = new ArrayList<>();
            for (Node node : nodes) {
                answers.add(pool.submit(() -> {
                    start.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < CARTS; i++) {
                        String cartId = "c" + i;
                        if (i % NODES == 0) {
                            node.engine.runDue(TimerKey.cart(STORE, cartId)); // the inactivity timer
                            ids.add(null);
                        } else {
                            ids.add(node.engine.cartAbandoned(STORE, cartId, abandonedAt).orElseThrow().id());
                        }
                    }
                    return ids;
                }));
            }
            List<List<String>> answered = new ArrayList<>();
            for (Future<List<String>> answer : answers) {
                answered.add(answer.get());
            }

            JdbcRecoveryStore store = nodes.get(0).store;
            for (int i = 0; i < CARTS; i++) {
                List<RecoverySequence> ofCart = store.sequencesOfCart(STORE, "c" + i);
                assertThat(ofCart).as("sequences of cart c%d", i).hasSize(1);
                assertThat(ofCart.get(0).isActive()).isTrue();
                for (List<String> ids : answered) {
                    if (ids.get(i) != null) {
                        assertThat(ids.get(i)).isEqualTo(ofCart.get(0).id());
                    }
                }
            }
            assertThat(store.events(STORE, T0, T0.plus(Duration.ofDays(1))))
                    .filteredOn(e -> e.type() == EventType.SEQUENCE_STARTED).hasSize(CARTS);
        } finally {
            pool.shutdownNow();
            nodes.forEach(Node::close);
        }
    }
}

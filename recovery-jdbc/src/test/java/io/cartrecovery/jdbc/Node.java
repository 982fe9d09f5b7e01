package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SettableClock;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** One simulated host node: a JDBC store, a manually polled JDBC scheduler and an engine, on a shared clock. */
final class Node implements AutoCloseable {
    static final RetryPolicy RETRIES = new RetryPolicy(8, Duration.ofMinutes(1), 2.0, Duration.ofMinutes(10), 0.2);

    final JdbcRecoveryStore store;
    final JdbcScheduler scheduler;
    final RecoveryEngine engine;

    Node(DataSource dataSource, SettableClock clock, Sender sender, Duration lease, String name) {
        store = JdbcRecoveryStore.builder(dataSource).build();
        scheduler = JdbcScheduler.builder(store).clock(clock).backgroundPolling(false).nodeId(name).workers(4)
                .batchSize(50).build();
        engine = RecoveryEngine.builder().store(store).scheduler(scheduler).clock(clock)
                .sender(Channel.EMAIL, sender).sender(Channel.POPUP, sender)
                .random(new SplittableRandom(name.hashCode())).retryPolicy(RETRIES).lease(lease).build();
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Runs every node's due work at the clock's time, the nodes in parallel, until none is left; then moves the
     * clock to the next due time (at least {@code quantum} ahead) and repeats, until nothing is due before
     * {@code until}. {@code betweenRounds} runs while no step is in flight, with the clock at the round's time.
     */
    static void drive(List<Node> nodes, SettableClock clock, DataSource dataSource, Instant until, Duration quantum,
                      Runnable betweenRounds) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            while (true) {
                int ran;
                do {
                    List<Future<Integer>> passes = new ArrayList<>();
                    for (Node node : nodes) {
                        passes.add(threads.submit(() -> {
                            int total = 0;
                            for (int n = node.scheduler.pollOnce(); n > 0; n = node.scheduler.pollOnce()) {
                                total += n;
                            }
                            return total;
                        }));
                    }
                    ran = 0;
                    for (Future<Integer> pass : passes) {
                        ran += pass.get(10, TimeUnit.MINUTES);
                    }
                } while (ran > 0);
                betweenRounds.run();
                Instant next = nextDue(dataSource);
                if (next == null || next.isAfter(until)) {
                    if (until.isAfter(clock.instant())) {
                        clock.set(until);
                    }
                    return;
                }
                Instant earliest = clock.instant().plus(quantum);
                clock.set(next.isAfter(earliest) ? next : earliest);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The earliest time any timer can be taken (its due time, or the end of a pick that holds it). */
    static Instant nextDue(DataSource dataSource) throws SQLException {
        String sql = "SELECT MIN(t) FROM ("
                + "SELECT CASE WHEN picked_until > due_at THEN picked_until ELSE due_at END AS t "
                + "FROM cr_sequence WHERE due_at IS NOT NULL UNION ALL "
                + "SELECT CASE WHEN picked_until > abandonment_due_at THEN picked_until ELSE abandonment_due_at END "
                + "FROM cr_cart WHERE abandonment_due_at IS NOT NULL) due";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return Dialect.detect(connection).sql().getTime(rows, 1);
        }
    }
}

package io.cartrecovery.benchmarks;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency of one poll of the JDBC scheduler (the due-work claim of up to 100 timers with FOR UPDATE SKIP LOCKED,
 * and their hand-off to a no-op handler) with {@code activeSequences} active sequences in the table, one due per
 * second of simulated time. Flat across sizes means the claim rides its index.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcClaimLatencyBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class JdbcClaimLatencyBenchmark {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Param({"10000", "1000000"})
    int activeSequences;

    JdbcBenchmarkDatabase database;
    JdbcScheduler scheduler;
    SettableClock clock;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        database = new JdbcBenchmarkDatabase("claim", 4);
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(database.dataSource).build();
        store.insert(JdbcBenchmarkDatabase.sequence("template", 0, T0), List.of());
        // Clones of the template row; the claim reads only the key and due columns.
        database.sql("INSERT INTO cr_sequence (store_id, id, cart_id, customer_id, status, due_at, version, body) "
                + "SELECT 'store-' || (n % 100), 'seq-' || n, 'cart-' || n, 'cust-' || n, 'ACTIVE', "
                + "TIMESTAMP WITH TIME ZONE '2026-03-02 09:00:00+00' + n * INTERVAL '1 second', 1, t.body "
                + "FROM generate_series(1, " + activeSequences + ") AS n, cr_sequence t WHERE t.store_id = 'template'");
        database.sql("VACUUM ANALYZE cr_sequence");
        clock = SettableClock.at(T0.plusSeconds(200));
        // A pick that ends a millisecond later: the next poll, a millisecond on, may take the same rows again.
        scheduler = JdbcScheduler.builder(store).clock(clock).backgroundPolling(false).batchSize(100).workers(2)
                .pickTimeout(Duration.ofMillis(1)).build();
        scheduler.start(store::dueTimers, key -> { });
    }

    @TearDown(Level.Trial)
    public void drop() throws Exception {
        scheduler.close();
        database.close();
    }

    @Benchmark
    public int claimDueTimers() {
        clock.advance(Duration.ofMillis(1));
        return scheduler.pollOnce();
    }
}

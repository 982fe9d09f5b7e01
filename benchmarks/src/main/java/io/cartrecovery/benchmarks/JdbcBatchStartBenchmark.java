package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Abandonment;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sequences started through the engine's batch entry point {@link RecoveryEngine#cartsAbandoned} on the local
 * PostgreSQL (or MariaDB, {@code -Dbench.db=mariadb}): each invocation reports {@value #BATCH} abandoned carts of new customers (carts and customers are
 * saved, segmentation, experiments and send-time rules run, sequences and their events are stored), one store
 * read and one transaction per batch, into tables that grow from {@value #HISTORY} sequences. Score: sequences
 * started per second. Eight measured iterations: the database's checkpoints (every 15 to 20 seconds under this
 * load with the local PostgreSQL's 1 GB max_wal_size) make single five-second windows vary by a third. One
 * caller leaves one core idle while the other works (the JVM prepares a batch while the database waits, and the
 * other way round); {@code -t 2} runs two callers with batches of their own, as two request threads would.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JdbcBatchStartBenchmark        # one caller
 * java -jar benchmarks/target/benchmarks.jar JdbcBatchStartBenchmark -t 2   # two callers
 * java -Dbench.db=mariadb -jar benchmarks/target/benchmarks.jar JdbcBatchStartBenchmark   # on the local MariaDB
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 8, time = 5)
public class JdbcBatchStartBenchmark {
    static final int BATCH = 1_000;
    static final String STORE = "store-bench";
    static final int HISTORY = 20_000;

    JdbcBenchmarkDatabase database;
    RecoveryEngine engine;
    final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = new JdbcBenchmarkDatabase("batchstart", 4);
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(database.dataSource).build();
        // Timers live in the rows; no background polling, so that only the batches load the database.
        JdbcScheduler scheduler = JdbcScheduler.builder(store).backgroundPolling(false).build();
        engine = RecoveryEngine.builder().store(store).scheduler(scheduler).clock(Clock.systemUTC())
                .configureStore(StoreSettings.defaults(STORE)).build();
        history();
    }

    /**
     * A store that has run for a while: {@value #HISTORY} sequences started through the same path, with ANALYZE
     * along the way, as autovacuum would have run it. (While the statistics still claim an empty table, PostgreSQL
     * may look up the customers' active sequences through the wrong index, see PostgresSql.byIds.)
     */
    private void history() throws Exception {
        for (int i = 0; i < HISTORY / BATCH; i++) {
            if (i % 4 == 0) {
                database.analyze();
            }
            cartsAbandoned();
        }
        database.analyze();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        engine.close();
        database.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int cartsAbandoned() {
        Instant at = Instant.now().minus(Duration.ofMinutes(30));
        List<Abandonment> batch = new ArrayList<>(BATCH);
        int first = next.getAndAdd(BATCH);
        for (int n = first; n < first + BATCH; n++) {
            batch.add(new Abandonment(JdbcBenchmarkDatabase.cart(STORE, n, at),
                    JdbcBenchmarkDatabase.customer(STORE, n), at));
        }
        int started = engine.cartsAbandoned(batch).size();
        if (started != BATCH) {
            throw new IllegalStateException("started " + started + " of " + BATCH);
        }
        return started;
    }
}

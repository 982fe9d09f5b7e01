package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import io.cartrecovery.micrometer.RecoveryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Step executions end to end on the local PostgreSQL (or MariaDB, {@code -Dbench.db=mariadb}) with the JDBC scheduler: poll, load
 * cart/customer/settings, write, claim (the re-check), no-op send, complete with its event and the next due time.
 * Each invocation drains {@value #STEPS} due steps, sent and completed, with {@link #WORKERS} workers
 * ({@code -Dbench.workers}, also the scheduler's batch size) sharing {@link #POOL} connections
 * ({@code -Dbench.pool}): a worker waiting for its combined claim or completion holds no connection. The score is
 * microseconds per step (steps per second = 1,000,000 / score). Four warm-up iterations: each of the
 * pool's connections prepares the few shapes of the combined statements before the measured ones.
 * {@link JdbcDbSchedulerBenchmark} runs the same steps under db-scheduler.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JdbcStepBenchmark
 * java -Dbench.db=mariadb -jar benchmarks/target/benchmarks.jar JdbcStepBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 4)
@Measurement(iterations = 5)
public class JdbcStepBenchmark {
    static final int STEPS = 20_000;
    static final int WORKERS = Integer.getInteger("bench.workers", 400);
    static final int POOL = Integer.getInteger("bench.pool", 8);
    static final String STORE = "bench-store";

    /** {@code none}: no listener; {@code metrics}: {@link RecoveryMetrics} bound to a {@link SimpleMeterRegistry}. */
    @Param({"none", "metrics"})
    public String listener;

    JdbcBenchmarkDatabase database;
    JdbcRecoveryStore store;
    RecoveryEngine engine;
    JdbcScheduler scheduler;
    final SettableClock clock = SettableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    volatile CountDownLatch sent;

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = new JdbcBenchmarkDatabase("steps", POOL);
        store = JdbcRecoveryStore.builder(database.dataSource).build();
        JdbcBenchmarkDatabase.saveStoreCartsAndCustomers(store, STORE, STEPS, clock.instant());
        scheduler = JdbcScheduler.builder(store).clock(clock).workers(WORKERS).batchSize(WORKERS)
                .pollInterval(Duration.ofMillis(10)).build();
        RecoveryMetrics metrics = listener.equals("metrics") ? RecoveryMetrics.builder().build() : null;
        RecoveryEngine.Builder builder = RecoveryEngine.builder().store(store).scheduler(scheduler).clock(clock)
                .sender(Channel.EMAIL, delivery -> {
                    sent.countDown();
                    return SendResult.delivered();
                });
        if (metrics != null) {
            builder.listener(metrics);
        }
        engine = builder.build();
        if (metrics != null) {
            metrics.monitor(engine).bindTo(new SimpleMeterRegistry());
        }
    }

    @Setup(Level.Iteration)
    public void insertDueSequences() throws Exception {
        clock.advance(Duration.ofDays(1));
        database.replaceSequences(store, STORE, STEPS, clock.instant());
        sent = new CountDownLatch(STEPS);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        engine.close();
        database.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void cartRecoveryStepExecutions() throws Exception {
        clock.advance(Duration.ofMinutes(2));
        scheduler.wakeUp(clock.instant()); // wakes the poller now
        if (!sent.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("steps did not finish: " + sent.getCount() + " left");
        }
        database.awaitFirstStepsCompleted(STEPS); // the last sends' completions count too
    }
}

package io.cartrecovery.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The steps of {@link JdbcStepBenchmark}, with db-scheduler (lock-and-fetch polling, same database) as the
 * engine's scheduler instead of the JDBC scheduler: each timer is a db-scheduler one-time task
 * whose execution runs the engine's step ({@code stepsUnderDbScheduler}); and, as a floor, db-scheduler running
 * as many no-op one-time tasks ({@code noOpOneTimeTasks}). Scores are microseconds per step or task.
 * db-scheduler runs {@link #THREADS} threads ({@code -Dbench.dbscheduler.threads}) with as many connections plus
 * eight: each busy thread holds a connection, so PostgreSQL's default 100 connections cap it.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcDbSchedulerBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 4)
@Measurement(iterations = 5)
public class JdbcDbSchedulerBenchmark {
    static final int STEPS = JdbcStepBenchmark.STEPS;
    static final String STORE = JdbcStepBenchmark.STORE;
    static final int THREADS = Integer.getInteger("bench.dbscheduler.threads", 64);

    JdbcBenchmarkDatabase database;
    JdbcRecoveryStore store;
    RecoveryEngine engine;
    final SettableClock clock = SettableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    volatile Consumer<TimerKey> handler;
    volatile Scheduler dbScheduler;
    volatile CountDownLatch done;
    OneTimeTask<Void> stepTask;
    OneTimeTask<Void> noOpTask;

    /**
     * db-scheduler driving the engine's steps, the way a host would wire it under the engine: each iteration
     * schedules one db-scheduler task per due step ({@link Steps}), and a task hands its step to the engine.
     */
    final class DbSchedulerTimers implements io.cartrecovery.core.Scheduler {
        @Override
        public void start(DueTimers timers, Consumer<TimerKey> newHandler) {
            handler = newHandler;
        }

        @Override
        public void close() {
            // db-scheduler is stopped per iteration.
        }
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = new JdbcBenchmarkDatabase("dbscheduler", THREADS + 8);
        database.sql("CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, "
                + "task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, "
                + "picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE, "
                + "consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, "
                + "priority SMALLINT, PRIMARY KEY (task_name, task_instance))");
        database.sql("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
        database.sql("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
        database.sql("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        stepTask = Tasks.oneTime("step").execute((instance, context) -> {
            String[] parts = instance.getId().split("\\|");
            handler.accept(TimerKey.sequence(parts[0], parts[1]));
        });
        noOpTask = Tasks.oneTime("noop").execute((instance, context) -> done.countDown());
        store = JdbcRecoveryStore.builder(database.dataSource).build();
        JdbcBenchmarkDatabase.saveStoreCartsAndCustomers(store, STORE, STEPS, clock.instant());
        engine = RecoveryEngine.builder().store(store).scheduler(new DbSchedulerTimers()).clock(clock)
                .sender(Channel.EMAIL, delivery -> {
                    done.countDown();
                    return SendResult.delivered();
                }).build();
    }

    private void newDbScheduler(OneTimeTask<Void> task, String prefix) throws Exception {
        database.sql("TRUNCATE scheduled_tasks");
        done = new CountDownLatch(STEPS);
        dbScheduler = Scheduler.create(database.dataSource, stepTask, noOpTask).threads(THREADS)
                .pollingInterval(Duration.ofMillis(10)).pollUsingLockAndFetch(0.5, 1.0).build();
        List<TaskInstance<?>> instances = new ArrayList<>(STEPS);
        for (int i = 0; i < STEPS; i++) {
            instances.add(task.instance(prefix + i + "-" + clock.instant().toEpochMilli()));
        }
        dbScheduler.scheduleBatch(instances, Instant.now().minusSeconds(1));
        database.sql("ANALYZE scheduled_tasks");
    }

    /** Per iteration: {@value #STEPS} sequences due in engine time, each with a due db-scheduler task. */
    @State(Scope.Benchmark)
    public static class Steps {
        @Setup(Level.Iteration)
        public void schedule(JdbcDbSchedulerBenchmark bench) throws Exception {
            bench.clock.advance(Duration.ofDays(1));
            Instant abandoned = bench.clock.instant();
            bench.database.replaceSequences(bench.store, STORE, STEPS, abandoned);
            bench.newDbScheduler(bench.stepTask, STORE + "|seq-");
            bench.clock.advance(Duration.ofMinutes(2)); // the engine sees the steps as due
        }

        @TearDown(Level.Iteration)
        public void stop(JdbcDbSchedulerBenchmark bench) {
            bench.dbScheduler.stop();
        }
    }

    /** Per iteration: {@value #STEPS} due no-op tasks. */
    @State(Scope.Benchmark)
    public static class NoOps {
        @Setup(Level.Iteration)
        public void schedule(JdbcDbSchedulerBenchmark bench) throws Exception {
            bench.newDbScheduler(bench.noOpTask, "noop-");
        }

        @TearDown(Level.Iteration)
        public void stop(JdbcDbSchedulerBenchmark bench) {
            bench.dbScheduler.stop();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        engine.close();
        database.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void stepsUnderDbScheduler(Steps steps) throws Exception {
        runUntilDone();
        database.awaitFirstStepsCompleted(STEPS); // the last sends' completions count too
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void noOpOneTimeTasks(NoOps noOps) throws InterruptedException {
        runUntilDone();
    }

    private void runUntilDone() throws InterruptedException {
        dbScheduler.start();
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("did not finish: " + done.getCount() + " left");
        }
    }
}

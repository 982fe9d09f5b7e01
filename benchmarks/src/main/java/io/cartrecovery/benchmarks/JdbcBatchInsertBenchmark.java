package io.cartrecovery.benchmarks;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sequences started through the batch entry point {@link JdbcRecoveryStore#insertAll}: each invocation stores
 * {@value #BATCH} new sequences and their SEQUENCE_STARTED events in one transaction. Score: sequences per second.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcBatchInsertBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class JdbcBatchInsertBenchmark {
    static final int BATCH = 1_000;

    JdbcBenchmarkDatabase database;
    JdbcRecoveryStore store;
    int next;
    Instant at = Instant.parse("2026-03-02T09:00:00Z");

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = new JdbcBenchmarkDatabase("batch", 4);
        store = JdbcRecoveryStore.builder(database.dataSource).build();
    }

    @Setup(Level.Iteration)
    public void empty() throws Exception {
        database.sql("TRUNCATE cr_sequence, cr_event");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        database.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertAll() {
        List<RecoverySequence> sequences = new ArrayList<>(BATCH);
        List<RecoveryEvent> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            RecoverySequence sequence = JdbcBenchmarkDatabase.sequence("store-" + (next % 50), next++, at);
            sequences.add(sequence);
            events.add(RecoveryEvent.of(sequence, EventType.SEQUENCE_STARTED, null, null, null, at));
        }
        store.insertAll(sequences, events);
    }
}

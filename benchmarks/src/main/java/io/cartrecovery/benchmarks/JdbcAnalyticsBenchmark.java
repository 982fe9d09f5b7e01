package io.cartrecovery.benchmarks;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One analytics report of {@link JdbcRecoveryStore} over {@value #EVENTS} events of one store (about 200,000
 * sequences in three experiment arms with their sends, opens, clicks and recoveries) in a fresh PostgreSQL schema:
 * the SQL aggregates plus the assembly of the report. The log is written once per trial through the store's own
 * batch insert ({@link JdbcRecoveryStore#append}, 10,000 events per JDBC batch), then analyzed; the time it took is
 * printed. The same log shape as {@link AnalyticsReportBenchmark}, which measures the in-memory calculator;
 * {@link #calculatorOverTheEventsRead} is the baseline of reading every event into the JVM.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcAnalyticsBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class JdbcAnalyticsBenchmark {
    static final int EVENTS = 1_000_000;
    private static final int BATCH = 10_000;
    private static final String STORE = "bench-store";
    private static final String[] STEPS = {"POPUP_1H", "EMAIL_2H", "EMAIL_24H", "EMAIL_48H", "EMAIL_72H"};
    private static final String[] ARMS = {"bench/control", "bench/b", "bench/holdout"};

    JdbcBenchmarkDatabase database;
    JdbcRecoveryStore store;
    StoreSettings settings;
    Instant from;
    Instant to;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        database = new JdbcBenchmarkDatabase("analytics", 2);
        store = JdbcRecoveryStore.builder(database.dataSource).build();
        settings = StoreSettings.builder(STORE).attributionWindow(Duration.ofDays(2)).experiment(Experiment.of("bench",
                0.1, Variant.control("control", 1), Variant.control("b", 1))).build();
        long started = System.nanoTime();
        int sequences = load();
        database.sql("ANALYZE cr_event");
        System.out.printf("%nloaded %,d events of %,d sequences in %.1f s%n", EVENTS, sequences,
                (System.nanoTime() - started) / 1e9);
    }

    /** Writes the log; returns the number of sequences. */
    private int load() {
        SplittableRandom random = new SplittableRandom(7);
        Instant t = BenchmarkData.T0;
        from = t;
        int written = 0;
        int sequences = 0;
        List<RecoveryEvent> batch = new ArrayList<>(BATCH + 20);
        while (written + batch.size() < EVENTS) {
            String id = "seq-" + sequences++;
            String arm = ARMS[random.nextInt(ARMS.length)];
            boolean holdout = arm.endsWith("/holdout");
            t = t.plusSeconds(10);
            batch.add(event(EventType.SEQUENCE_STARTED, id, arm, null, null,
                    SequenceType.values()[random.nextInt(4)].name(), t));
            int steps = 1 + random.nextInt(4);
            for (int s = 0; s < steps; s++) {
                Instant at = t.plus(Duration.ofHours(s == 0 ? 1 : 24L * s));
                batch.add(event(holdout ? EventType.STEP_SKIPPED : EventType.STEP_SENT, id, arm, STEPS[s], null,
                        holdout ? "HOLDOUT" : null, at));
                if (random.nextInt(3) == 0) {
                    batch.add(event(s == 0 ? EventType.POPUP_SHOWN : EventType.MESSAGE_OPENED, id, arm, STEPS[s],
                            null, null, at.plusSeconds(600)));
                    if (random.nextInt(2) == 0) {
                        batch.add(event(EventType.MESSAGE_CLICKED, id, arm, STEPS[s], null, null, at.plusSeconds(900)));
                    }
                }
            }
            if (random.nextInt(4) == 0) {
                batch.add(event(EventType.CART_RECOVERED, id, arm, null,
                        BigDecimal.valueOf(5000 + random.nextInt(900), 2), null,
                        t.plus(Duration.ofHours(1 + random.nextInt(90)))));
            }
            if (batch.size() >= BATCH) {
                store.append(batch);
                written += batch.size();
                batch.clear();
            }
        }
        store.append(batch.subList(0, Math.min(batch.size(), EVENTS - written)));
        to = t.plus(Duration.ofDays(10));
        return sequences;
    }

    private static RecoveryEvent event(EventType type, String sequenceId, String arm, String stepId, BigDecimal value,
                                       String detail, Instant at) {
        return new RecoveryEvent(STORE, type, sequenceId, "cart-" + sequenceId, "customer-" + sequenceId, stepId, arm,
                value, detail, at);
    }

    @TearDown(Level.Trial)
    public void drop() throws Exception {
        database.close();
    }

    @Benchmark
    public AnalyticsReport reportOverOneMillionEvents() {
        return store.analytics(settings, from, to);
    }

    /** The baseline: every event of the period read into the JVM and given to the calculator. */
    @Benchmark
    public AnalyticsReport calculatorOverTheEventsRead() {
        return AnalyticsCalculator.report(settings, from, to, store.events(STORE, from, to));
    }
}

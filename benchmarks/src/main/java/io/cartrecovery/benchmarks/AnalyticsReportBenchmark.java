package io.cartrecovery.benchmarks;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One analytics report over {@value #EVENTS} events of one store in the in-memory store: the read of the
 * period's events plus the one-pass calculators (rates by type, step and variant, revenue with attribution,
 * engagement per step, median time to recovery, experiment lift and tests). Target: under one second.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class AnalyticsReportBenchmark {
    static final int EVENTS = 1_000_000;
    private static final String STORE = "bench-store";
    private static final String[] STEPS = {"POPUP_1H", "EMAIL_2H", "EMAIL_24H", "EMAIL_48H", "EMAIL_72H"};
    private static final String[] ARMS = {"bench/control", "bench/b", "bench/holdout"};

    private RecoveryStore store;
    private StoreSettings settings;
    private Instant from;
    private Instant to;

    @Setup
    public void fill() {
        store = RecoveryStore.inMemory();
        settings = StoreSettings.builder(STORE).experiment(Experiment.of("bench", 0.1,
                Variant.control("control", 1), Variant.control("b", 1))).build();
        SplittableRandom random = new SplittableRandom(7);
        Instant t = BenchmarkData.T0;
        from = t;
        int written = 0;
        List<RecoveryEvent> batch = new ArrayList<>(10_000);
        for (int i = 0; written < EVENTS; i++) {
            String id = "seq-" + i;
            String arm = ARMS[random.nextInt(ARMS.length)];
            SequenceType type = SequenceType.values()[random.nextInt(4)];
            t = t.plusSeconds(20);
            batch.add(event(EventType.SEQUENCE_STARTED, id, arm, null, null, type.name(), t));
            int steps = 1 + random.nextInt(STEPS.length);
            for (int s = 0; s < steps; s++) {
                Instant at = t.plus(Duration.ofHours(s == 0 ? 1 : 24L * s));
                boolean holdout = arm.endsWith("holdout");
                batch.add(event(holdout ? EventType.STEP_SKIPPED : EventType.STEP_SENT, id, arm, STEPS[s], null,
                        holdout ? "HOLDOUT" : null, at));
                if (random.nextInt(3) == 0) {
                    batch.add(event(EventType.MESSAGE_OPENED, id, arm, STEPS[s], null, null, at.plusSeconds(600)));
                }
            }
            if (random.nextInt(5) == 0) {
                batch.add(event(EventType.CART_RECOVERED, id, arm, null, BigDecimal.valueOf(5000 + i % 900, 2),
                        null, t.plus(Duration.ofHours(30))));
            }
            written += batch.size();
            store.append(batch);
            batch.clear();
        }
        to = t.plus(Duration.ofDays(10));
    }

    private static RecoveryEvent event(EventType type, String sequenceId, String arm, String stepId, BigDecimal value,
                                       String detail, Instant at) {
        return new RecoveryEvent(STORE, type, sequenceId, "cart-" + sequenceId, "customer-" + sequenceId, stepId, arm,
                value, detail, at);
    }

    @Benchmark
    public AnalyticsReport reportOverOneMillionEvents() {
        return store.analytics(settings, from, to);
    }
}

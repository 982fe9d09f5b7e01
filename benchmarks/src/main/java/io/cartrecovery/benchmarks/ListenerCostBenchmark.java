package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.micrometer.RecoveryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@link RecoveryMetrics} adds to one sent step on the step's own thread: the notice of its
 * {@code STEP_SENT} event and its write and send timings, as the engine hands them over. Set beside
 * {@link EngineThroughputBenchmark}'s time per step, it bounds the listener's share of a step more finely than two
 * end-to-end runs can, whose spread from run to run is wider than that share.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ListenerCostBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ListenerCostBenchmark {
    private RecoveryMetrics metrics;
    private RecoveryListener.Notice sent;
    private RecoveryListener.StepTimes times;

    @Setup
    public void setUp() {
        metrics = RecoveryMetrics.builder().build();
        metrics.bindTo(new SimpleMeterRegistry());
        StoreSettings settings = StoreSettings.defaults("bench-store");
        RecoverySequence sequence = RecoverySequence.start("seq-1",
                BenchmarkData.cart("bench-store", 1, BenchmarkData.T0), SequenceType.FIRST_TIME, null,
                settings.policy(SequenceType.FIRST_TIME).steps(), BenchmarkData.T0, BenchmarkData.T0,
                BenchmarkData.T0);
        RecoverySequence claimed = sequence.claim(BenchmarkData.T0, Duration.ofMinutes(5));
        StepOutcome outcome = new StepOutcome(claimed.currentStep().id(), StepStatus.SENT, null, 1,
                BenchmarkData.T0);
        sent = new RecoveryListener.Notice(RecoveryEvent.stepOutcome(claimed, outcome, BenchmarkData.T0),
                claimed, Channel.POPUP);
        times = new RecoveryListener.StepTimes("bench-store", "seq-1", outcome.stepId(), Channel.POPUP, 1,
                SendResult.Status.DELIVERED, Duration.ofNanos(12_000), Duration.ofNanos(800));
    }

    /** One sent step's notice and timings. */
    @Benchmark
    public void metricsOfOneSentStep() {
        metrics.onEvent(sent);
        metrics.onStepTimed(times);
    }
}

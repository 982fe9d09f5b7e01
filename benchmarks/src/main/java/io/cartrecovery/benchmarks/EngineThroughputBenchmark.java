package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Step executions per second through the whole protocol (load, claim, write with the built-in templates,
 * re-check, no-op send, complete, next due time) on the in-memory store. One invocation drives
 * {@value #SEQUENCES} fresh sequences through all five steps.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class EngineThroughputBenchmark {
    static final int SEQUENCES = 20_000;
    private static final String STORE = "bench-store";

    private SettableClock clock;
    private RecoveryEngine engine;
    private List<TimerKey> keys;
    private List<StepDefinition> steps;

    @Setup(Level.Invocation)
    public void prepare() {
        clock = SettableClock.at(BenchmarkData.T0);
        engine = RecoveryEngine.builder().store(RecoveryStore.inMemory()).clock(clock)
                .scheduler(BenchmarkData.silentScheduler()).random(new SplittableRandom(1))
                .sender(Channel.EMAIL, Sender.noop()).sender(Channel.POPUP, Sender.noop())
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
        keys = new ArrayList<>(SEQUENCES);
        for (int i = 0; i < SEQUENCES; i++) {
            engine.cartUpdated(BenchmarkData.cart(STORE, i, BenchmarkData.T0), BenchmarkData.customer(STORE, i));
            keys.add(TimerKey.sequence(STORE, engine.cartAbandoned(STORE, "cart-" + i, BenchmarkData.T0)
                    .orElseThrow().id()));
        }
        steps = SequencePolicy.defaults(SequenceType.FIRST_TIME).steps();
    }

    @TearDown(Level.Invocation)
    public void close() {
        engine.close();
    }

    @Benchmark
    @OperationsPerInvocation(SEQUENCES * 5)
    public int executeAllSteps() {
        int executed = 0;
        for (StepDefinition step : steps) {
            clock.set(BenchmarkData.T0.plus(step.offset()));
            for (TimerKey key : keys) {
                engine.runDue(key);
                executed++;
            }
        }
        return executed;
    }
}

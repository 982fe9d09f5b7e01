package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.micrometer.RecoveryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Step executions per second through the whole protocol (load, write with the built-in templates, claim (the
 * re-check), no-op send, complete, next due time) on the in-memory store. One invocation drives
 * {@value #SEQUENCES} fresh sequences through all five steps, split between {@code workers} threads.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class EngineThroughputBenchmark {
    static final int SEQUENCES = 20_000;
    private static final Message FIXED = new Message("You left something behind", "", "Your cart is waiting.",
            "<p>Your cart is waiting.</p>", "Complete your order");
    private static final String STORE = "bench-store";

    /** {@code templates}: the built-in mustache templates; {@code fixed}: one prebuilt message, engine cost alone. */
    @Param({"templates", "fixed"})
    public String generator;

    /** Worker threads sharing the due work, each on its own half of the sequences (the machine has 2 cores). */
    @Param({"1", "2"})
    public int workers;

    /** {@code none}: no listener; {@code metrics}: {@link RecoveryMetrics} bound to a {@link SimpleMeterRegistry}. */
    @Param({"none", "metrics"})
    public String listener;

    private ExecutorService pool;
    private SettableClock clock;
    private RecoveryEngine engine;
    private List<TimerKey> keys;
    private List<StepDefinition> steps;

    @Setup(Level.Trial)
    public void startWorkers() {
        pool = Executors.newFixedThreadPool(workers);
    }

    @TearDown(Level.Trial)
    public void stopWorkers() {
        pool.shutdown();
    }

    @Setup(Level.Invocation)
    public void prepare() {
        clock = SettableClock.at(BenchmarkData.T0);
        RecoveryEngine.Builder builder = RecoveryEngine.builder().store(RecoveryStore.inMemory()).clock(clock)
                .scheduler(BenchmarkData.silentScheduler()).random(new SplittableRandom(1))
                .messageGenerator(generator.equals("fixed") ? request -> FIXED : MessageGenerator.templates())
                .sender(Channel.EMAIL, Sender.noop()).sender(Channel.POPUP, Sender.noop())
                .configureStore(StoreSettings.builder(STORE).exactTiming().build());
        RecoveryMetrics metrics = listener.equals("metrics") ? RecoveryMetrics.builder().build() : null;
        if (metrics != null) {
            builder.listener(metrics);
        }
        engine = builder.build();
        if (metrics != null) {
            metrics.monitor(engine).bindTo(new SimpleMeterRegistry());
        }
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
    public int executeAllSteps() throws Exception {
        int executed = 0;
        int share = (keys.size() + workers - 1) / workers;
        for (StepDefinition step : steps) {
            clock.set(BenchmarkData.T0.plus(step.offset()));
            List<Future<Integer>> parts = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                List<TimerKey> part = keys.subList(w * share, Math.min(keys.size(), (w + 1) * share));
                parts.add(pool.submit(() -> {
                    for (TimerKey key : part) {
                        engine.runDue(key);
                    }
                    return part.size();
                }));
            }
            for (Future<Integer> part : parts) {
                executed += part.get();
            }
        }
        return executed;
    }
}

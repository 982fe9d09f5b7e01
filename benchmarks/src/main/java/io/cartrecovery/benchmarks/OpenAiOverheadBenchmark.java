package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the generator around the HTTP call: prompt building, request building, JSON both ways, guardrails and
 * personalization. The transport is an {@link java.net.http.HttpClient} answering from memory, so no time goes to
 * the network or the JDK client's machinery.
 * Target: at most 1 ms per message at the median (read p0.50 of {@code uncached}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OpenAiOverheadBenchmark {
    private OpenAiMessageGenerator uncached;
    private OpenAiMessageGenerator cached;
    private MessageRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        InMemoryHttpClient inMemory = new InMemoryHttpClient(OpenAiBenchmarkSupport.completion());
        uncached = OpenAiMessageGenerator.builder().apiKey("sk-bench").httpClient(inMemory)
                .cache(Duration.ofHours(1), 0).build();
        cached = OpenAiMessageGenerator.builder().apiKey("sk-bench").httpClient(inMemory).build();
        request = OpenAiBenchmarkSupport.request("c-1");
    }

    @TearDown(Level.Trial)
    public void check() {
        if (uncached.stats().fallbacks() > 0 || cached.stats().fallbacks() > 0) {
            throw new IllegalStateException("the benchmark answer failed the guardrails: " + uncached.stats());
        }
    }

    /** The whole path for a message the cache does not hold. */
    @Benchmark
    public Message uncached() {
        return uncached.generate(request);
    }

    /** A cache hit: prompt building (the key) and personalization only. */
    @Benchmark
    public Message cached() {
        return cached.generate(request);
    }
}

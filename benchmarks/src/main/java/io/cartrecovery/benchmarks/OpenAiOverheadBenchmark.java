package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the generator around the HTTP call: prompt building, JSON both ways, OkHttp's call machinery, guardrails
 * and personalization. The transport is an interceptor answering from memory, so no time goes to the network.
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
        byte[] answer = OpenAiBenchmarkSupport.completion().getBytes(StandardCharsets.UTF_8);
        MediaType json = MediaType.get("application/json");
        OkHttpClient inMemory = new OkHttpClient.Builder().addInterceptor(chain -> new Response.Builder()
                .request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(answer, json)).build()).build();
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

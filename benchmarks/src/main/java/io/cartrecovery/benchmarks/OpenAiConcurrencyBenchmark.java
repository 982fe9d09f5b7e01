package io.cartrecovery.benchmarks;

import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * 1,000 messages against a local server that answers every request after 500 ms, with the generator's concurrency
 * limit at 50 and twice as many caller threads: the run takes about 1,000 × 0.5 s / 50 = 10 s if the limit holds
 * (and about 5 s if it did not). The peak thread count shows no thread per waiting request: callers wait in the
 * generator's queue on their own pool threads.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OpenAiConcurrencyBenchmark {
    private static final int MESSAGES = 1_000;

    @Param("50")
    public int concurrencyLimit;

    @Param("100")
    public int callerThreads;

    private MockWebServer server;
    private OpenAiMessageGenerator generator;
    private ExecutorService callers;
    private int baselineThreads;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String answer = OpenAiBenchmarkSupport.completion();
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) {
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body(answer).headersDelay(500, TimeUnit.MILLISECONDS).build();
            }
        });
        server.start(0);
        generator = OpenAiMessageGenerator.builder().apiKey("sk-bench").baseUrl(server.url("/").toString())
                .maxConcurrentRequests(concurrencyLimit).cache(Duration.ofHours(1), 0).build();
        callers = Executors.newFixedThreadPool(callerThreads);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        baselineThreads = threads.getThreadCount();
        threads.resetPeakThreadCount();
    }

    @Benchmark
    public int thousandMessages() throws Exception {
        List<Future<?>> results = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            MessageRequest request = OpenAiBenchmarkSupport.request("c-" + i);
            results.add(callers.submit(() -> generator.generate(request)));
        }
        for (Future<?> result : results) {
            result.get();
        }
        return results.size();
    }

    @TearDown(Level.Trial)
    public void report() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%nmessages=%d concurrencyLimit=%d callerThreads=%d requests=%d fallbacks=%d "
                        + "baselineThreads=%d peakThreads=%d (callers %d + server connections + the JDK HTTP client)%n",
                MESSAGES, concurrencyLimit, callerThreads, generator.stats().requests(), generator.stats().fallbacks(),
                baselineThreads, threads.getPeakThreadCount(), callerThreads);
        callers.shutdownNow();
        server.close();
    }
}

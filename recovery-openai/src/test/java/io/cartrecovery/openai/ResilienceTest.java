package io.cartrecovery.openai;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.test.Fixtures;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.goodContent;
import static io.cartrecovery.openai.Completions.ok;
import static io.cartrecovery.openai.Completions.request;
import static io.cartrecovery.openai.Completions.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilienceTest extends MockApi {
    private static final RetryPolicy NO_RETRIES = new RetryPolicy(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.2);

    private static boolean fromModel(Message message) {
        return message.subject().contains("your Merino Wool Sweater is waiting");
    }

    @Test
    void a429WithRetryAfterSecondsIsRetriedAfterThatWait() {
        server.enqueue(new MockResponse.Builder(status(429, Completions.rateLimited())).addHeader("Retry-After", "2")
                .build());
        server.enqueue(ok(completion(goodContent())));
        OpenAiMessageGenerator generator = builder().build();

        assertThat(fromModel(generator.generate(request()))).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(generator.stats().requests()).isEqualTo(2);
        assertThat(generator.stats().fallbacks()).isZero();
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredOnTheInjectedClock() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Fixtures.T0.plusSeconds(7).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder(status(429, Completions.rateLimited())).addHeader("Retry-After", date)
                .build());
        server.enqueue(new MockResponse.Builder(status(503, Completions.serverError()))
                .addHeader("retry-after-ms", "250").build());
        server.enqueue(ok(completion(goodContent())));

        assertThat(fromModel(builder().build().generate(request()))).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofMillis(250));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void retryableStatusesBackOffWithJitterFromTheInjectedRandom(int code) {
        server.enqueue(status(code, Completions.serverError()));
        server.enqueue(ok(completion(goodContent())));

        assertThat(fromModel(builder().build().generate(request()))).isTrue();
        Duration expected = OpenAiMessageGenerator.DEFAULT_RETRY_POLICY.backoff(1, new SplittableRandom(7));
        assertThat(waits).containsExactly(expected);
        assertThat(expected).isBetween(Duration.ofMillis(400), Duration.ofMillis(600));
    }

    @Test
    void exhaustedRetriesFallBackToTheTemplates() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(500, Completions.serverError()));
        }
        OpenAiMessageGenerator generator = builder().build();

        assertThat(generator.generate(request())).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(waits).hasSize(2);
        assertThat(waits.get(1)).isGreaterThan(waits.get(0)); // exponential
        assertThat(generator.stats().requests()).isEqualTo(3);
        assertThat(generator.stats().fallbacks()).isEqualTo(1);
    }

    @Test
    void clientErrorsAndOverlongRetryAfterAreNotRetried() {
        server.enqueue(status(400, Completions.error("Invalid schema", "invalid_request_error", null)));
        server.enqueue(new MockResponse.Builder(status(429, Completions.rateLimited())).addHeader("Retry-After", "3600")
                .build());
        OpenAiMessageGenerator generator = builder().noFallback().build();

        assertThatThrownBy(() -> generator.generate(request())).hasMessageContaining("HTTP 400");
        assertThatThrownBy(() -> generator.generate(request())).hasMessageContaining("longer than allowed");
        assertThat(waits).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aReadTimeoutIsRetried() {
        // The server, not the test, waits: its headers come after a second, the client gives up after 100 ms.
        server.enqueue(new MockResponse.Builder(ok(completion(goodContent()))).headersDelay(1, TimeUnit.SECONDS)
                .build());
        server.enqueue(ok(completion(goodContent())));
        OpenAiMessageGenerator generator = builder().readTimeout(Duration.ofMillis(100)).build();

        assertThat(fromModel(generator.generate(request()))).isTrue();
        assertThat(waits).hasSize(1);
        assertThat(generator.stats().requests()).isEqualTo(2);
    }

    @Test
    void connectionFailuresAreRetriedThenFallBack() throws IOException {
        MockWebServer closed = new MockWebServer();
        closed.start(0);
        String url = closed.url("/").toString();
        closed.close();
        OpenAiMessageGenerator generator = builder().baseUrl(url).noFallback().build();

        assertThatThrownBy(() -> generator.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.TRANSPORT));
        assertThat(waits).hasSize(2);
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndClosesAfterACoolDown() {
        OpenAiMessageGenerator generator = builder().retryPolicy(NO_RETRIES)
                .circuitBreaker(2, Duration.ofSeconds(30)).build();
        server.enqueue(status(500, Completions.serverError()));
        server.enqueue(status(500, Completions.serverError()));
        generator.generate(request());
        assertThat(generator.circuitOpen()).isFalse();
        generator.generate(request());
        assertThat(generator.circuitOpen()).isTrue();

        Message whileOpen = generator.generate(request());
        clock.advance(Duration.ofSeconds(29));
        generator.generate(request());
        assertThat(whileOpen).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(server.getRequestCount()).isEqualTo(2); // nothing sent while open

        clock.advance(Duration.ofSeconds(1)); // half-open: one probe, which fails and opens again
        server.enqueue(status(500, Completions.serverError()));
        generator.generate(request());
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(generator.circuitOpen()).isTrue();

        clock.advance(Duration.ofSeconds(30)); // the next probe succeeds and closes the circuit
        server.enqueue(ok(completion(goodContent())));
        assertThat(fromModel(generator.generate(request()))).isTrue();
        assertThat(generator.circuitOpen()).isFalse();
        assertThat(generator.stats().failures()).isEqualTo(5);
        assertThat(generator.stats().fallbacks()).isEqualTo(5);
    }

    @Test
    void refusalsDoNotOpenTheCircuit() {
        OpenAiMessageGenerator generator = builder().retryPolicy(NO_RETRIES)
                .circuitBreaker(1, Duration.ofSeconds(30)).build();
        server.enqueue(ok(Completions.refusal()));
        server.enqueue(ok(Completions.truncated()));

        generator.generate(request());
        generator.generate(request());

        assertThat(generator.circuitOpen()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void noMoreRequestsInFlightThanTheLimit() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) throws InterruptedException {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    gate.await(10, TimeUnit.SECONDS);
                    Matcher gift = Pattern.compile("Gift \\d").matcher(recorded.getBody().utf8());
                    String title = gift.find() ? gift.group() : "none";
                    return ok(completion(Completions.content("Still yours: " + title, "", title + " is waiting",
                            "<p>" + title + " is waiting</p>", "Back to cart")));
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
        OpenAiMessageGenerator generator = builder().maxConcurrentRequests(2).build();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Message>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Cart cart = Completions.cartOf("cart-" + i, "Gift " + i); // distinct carts: no sharing through the cache
                MessageRequest request = Completions.request(cart, Completions.customer("c-" + i, "Sam"),
                        request().step());
                results.add(pool.submit(() -> generator.generate(request)));
            }
            await(() -> inFlight.get() == 2 && generator.queuedForRequestSlot() == 4);
            gate.countDown();
            for (Future<Message> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).subject()).startsWith("Still yours: Gift ");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxInFlight.get()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}

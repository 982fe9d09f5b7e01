package io.cartrecovery.openai;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.RetryPolicy;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.ok;
import static io.cartrecovery.openai.Completions.request;
import static io.cartrecovery.openai.Completions.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One message has a deadline, the wait for a request slot is bounded by it, and the circuit breaker is asked before
 * every attempt. Logical time where the generator waits (the sleeper advances the settable clock); real, short
 * timeouts against a server that never answers where it does I/O.
 */
class DeadlineTest extends MockApi {
    private static final RetryPolicy EVERY_SECOND = new RetryPolicy(10, Duration.ofSeconds(1), 1.0,
            Duration.ofSeconds(1), 0.0);
    private final CountDownLatch hangUntilTheEnd = new CountDownLatch(1);

    @AfterEach
    void releaseTheServer() {
        hangUntilTheEnd.countDown();
    }

    /** Waits on the settable clock: every retry's wait moves it. */
    private OpenAiMessageGenerator.Builder logical() {
        return builder().sleeper(wait -> {
            waits.add(wait);
            clock.advance(wait);
        });
    }

    private void answer(MockResponse response) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) {
                return response;
            }
        });
    }

    private void neverAnswer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) throws InterruptedException {
                hangUntilTheEnd.await(30, TimeUnit.SECONDS);
                return status(503, Completions.serverError());
            }
        });
    }

    private static OpenAiException.Reason reasonOf(Throwable e) {
        return ((OpenAiException) e).reason();
    }

    @Test
    void retriesStopWhenTheNextWaitWouldPassTheDeadline() {
        answer(status(503, Completions.serverError()));
        OpenAiMessageGenerator generator = logical().retryPolicy(EVERY_SECOND).deadline(Duration.ofMillis(3_500))
                .noFallback().build();

        assertThatThrownBy(() -> generator.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.DEADLINE));
        assertThat(server.getRequestCount()).isEqualTo(4); // at 0, 1, 2 and 3 s; a wait to 4 s would pass 3.5 s
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsNotWaitedFor() {
        answer(new MockResponse.Builder(status(429, Completions.rateLimited())).addHeader("Retry-After", "20").build());
        OpenAiMessageGenerator generator = logical().build(); // deadline 10 s, longest Retry-After 30 s

        assertThat(generator.generate(request())).isEqualTo(MessageGenerator.templates().generate(request()));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(OpenAiMessageGenerator.DEFAULT_DEADLINE).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theRegenerationIsNotAskedForOnceTheDeadlineHasPassed() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) {
                clock.advance(Duration.ofSeconds(3)); // a slow answer, which the guardrails then reject
                return ok(completion(Completions.content("Your Merino Wool Sweater", "", "Free shipping today!",
                        "<p>Merino Wool Sweater</p>", "Go")));
            }
        });
        OpenAiMessageGenerator generator = logical().deadline(Duration.ofSeconds(2)).noFallback().build();

        assertThatThrownBy(() -> generator.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.DEADLINE));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theCircuitBreakerIsAskedBeforeEveryAttemptRetriesIncluded() {
        answer(status(500, Completions.serverError()));
        OpenAiMessageGenerator generator = logical().circuitBreaker(1, Duration.ofSeconds(30)).noFallback().build();

        assertThatThrownBy(() -> generator.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.CIRCUIT_OPEN));
        assertThat(server.getRequestCount()).isEqualTo(1); // the default policy would have made three attempts
        assertThat(waits).isEmpty();
        assertThat(generator.circuitOpen()).isTrue();
    }

    @Test
    void aHangingEndpointIsCutAtTheDeadline() {
        neverAnswer();
        OpenAiMessageGenerator generator = builder().clock(Clock.systemUTC()).deadline(Duration.ofMillis(300))
                .noFallback().build(); // call timeout 60 s, read timeout 30 s, three attempts: only the deadline cuts
        long start = System.nanoTime();

        assertThatThrownBy(() -> generator.generate(request())).isInstanceOfSatisfying(OpenAiException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenAiException.Reason.DEADLINE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void waitingForARequestSlotIsBoundedByTheDeadline() throws Exception {
        neverAnswer();
        OpenAiMessageGenerator generator = builder().clock(Clock.systemUTC()).maxConcurrentRequests(1)
                .deadline(Duration.ofMillis(500)).callTimeout(Duration.ofSeconds(20)).noFallback().build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        long start = System.nanoTime();
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MessageRequest request = Completions.request(Completions.cartOf("cart-" + i, "Gift " + i),
                        Completions.customer("c-" + i, "Sam"), request().step());
                results.add(pool.submit(() -> generator.generate(request)));
            }
            for (Future<?> result : results) {
                assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).cause().satisfies(e ->
                        assertThat(reasonOf(e)).isEqualTo(OpenAiException.Reason.DEADLINE));
            }
        } finally {
            pool.shutdownNow();
        }
        // Before: each waited for the slot without bound, then hung for its own 20 s call timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.getRequestCount()).isLessThanOrEqualTo(3);
    }

    @Test
    void aHangingEndpointOpensTheCircuitForMessagesAlreadyWaiting() throws Exception {
        neverAnswer();
        OpenAiMessageGenerator generator = builder().clock(Clock.systemUTC()).maxConcurrentRequests(2)
                .callTimeout(Duration.ofMillis(200)).circuitBreaker(2, Duration.ofSeconds(30)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        try {
            List<Future<MessageRequest>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Cart cart = Completions.cartOf("cart-" + i, "Gift " + i);
                MessageRequest request = Completions.request(cart, Completions.customer("c-" + i, "Sam"),
                        request().step());
                results.add(pool.submit(() -> {
                    assertThat(generator.generate(request)).isEqualTo(MessageGenerator.templates().generate(request));
                    return request;
                }));
            }
            for (Future<MessageRequest> result : results) {
                result.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(generator.circuitOpen()).isTrue();
        // The two that opened the circuit, and at most the two that took their slots meanwhile; before, 8 x 3.
        assertThat(server.getRequestCount()).isLessThanOrEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(generator.stats().fallbacks()).isEqualTo(8);
    }

    @Test
    void theDeadlineMustBePositive() {
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().deadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().deadline(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
        assertThat(builder().deadline(Duration.ofSeconds(4)).build().toString()).contains("deadline=PT4S");
    }
}

package io.cartrecovery.examples.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestExecutorTest {

    @Test
    void aTaskThatDoesNotReadItsRequestInTimeIsInterruptedAndTheNextTaskIsNot() throws Exception {
        try (RequestExecutor executor = new RequestExecutor(1, Duration.ofMillis(100))) {
            CompletableFuture<Boolean> slow = new CompletableFuture<>();
            executor.execute(() -> slow.complete(waitedInterrupted(Duration.ofSeconds(10))));
            CompletableFuture<Boolean> next = new CompletableFuture<>();
            executor.execute(() -> next.complete(Thread.currentThread().isInterrupted()));

            assertThat(slow.get(5, TimeUnit.SECONDS)).as("interrupted by its deadline").isTrue();
            assertThat(next.get(5, TimeUnit.SECONDS)).as("the same thread, not interrupted").isFalse();
        }
    }

    @Test
    void aTaskThatHasReadItsRequestIsNeverInterrupted() throws Exception {
        try (RequestExecutor executor = new RequestExecutor(1, Duration.ofMillis(50))) {
            CompletableFuture<Boolean> read = new CompletableFuture<>();
            executor.execute(() -> {
                RequestExecutor.requestRead();
                read.complete(waitedInterrupted(Duration.ofMillis(300))); // six times the timeout
            });

            assertThat(read.get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void aResponseNotReadWithinTheTimeoutIsInterruptedToo() throws Exception {
        try (RequestExecutor executor = new RequestExecutor(1, Duration.ofMillis(100))) {
            CompletableFuture<Boolean> writing = new CompletableFuture<>();
            executor.execute(() -> {
                RequestExecutor.requestRead();
                RequestExecutor.responding();
                writing.complete(waitedInterrupted(Duration.ofSeconds(10)));
            });

            assertThat(writing.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void exchangesBeyondTheQueueAreRefusedSoThatTheServerClosesTheirConnections() {
        try (RequestExecutor executor = new RequestExecutor(1, Duration.ofSeconds(10))) {
            Runnable nothing = () -> { };
            executor.execute(() -> waitedInterrupted(Duration.ofSeconds(10))); // the one thread, busy
            for (int i = 0; i < RequestExecutor.QUEUE_CAPACITY; i++) {
                executor.execute(nothing);
            }

            assertThatThrownBy(() -> executor.execute(nothing))
                    .isInstanceOf(RejectedExecutionException.class);
        }
    }

    /** Waits for {@code time} on a latch nobody counts down: whether the wait ended by an interrupt. */
    private static boolean waitedInterrupted(Duration time) {
        try {
            new CountDownLatch(1).await(time.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}

package io.cartrecovery.openai;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.goodContent;
import static io.cartrecovery.openai.Completions.ok;
import static io.cartrecovery.openai.Completions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator on the JDK's {@link HttpClient}: a host's own client, and the bounds on one attempt. */
class HttpClientTest extends MockApi {

    @Test
    void aHostsOwnClientSendsTheRequests() {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Executor counting = task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        };
        try {
            HttpClient shared = HttpClient.newBuilder().executor(counting).build();
            server.enqueue(ok(completion(goodContent())));

            OpenAiMessageGenerator generator = builder().httpClient(shared).build();

            assertThat(generator.generate(request()).subject()).isEqualTo("Alex, your Merino Wool Sweater is waiting");
            assertThat(tasks.get()).isPositive();
            assertThat(server.getRequestCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBodyThatStallsIsCutByTheCallTimeoutAndRetried() {
        // Headers at once, the body only after 5 s: the read timeout (headers) passes, the call timeout does not.
        server.enqueue(new MockResponse.Builder(ok(completion(goodContent()))).bodyDelay(5, TimeUnit.SECONDS).build());
        server.enqueue(ok(completion(goodContent())));
        OpenAiMessageGenerator generator = builder().readTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();

        assertThat(generator.generate(request()).subject()).isEqualTo("Alex, your Merino Wool Sweater is waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(generator.stats().requests()).isEqualTo(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void theKeyHeaderAndTheBaseUrlAreChecked() {
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().apiKeyHeader("api key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKeyHeader");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().apiKeyHeader("Host"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKeyHeader");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().baseUrl("https://"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().baseUrl("https://user:" + Completions.API_KEY
                + "@api.example.com/v1?x=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl").hasMessageNotContaining("SECRETKEY");
        assertThatThrownBy(() -> OpenAiMessageGenerator.builder().httpClient(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpClient");
        assertThat(OpenAiMessageGenerator.builder().apiKeyHeader("api-key")).isNotNull();
    }
}

package io.cartrecovery.examples.http;

import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's snippet of "The example HTTP service", so that it keeps compiling and serving. */
class ReadmeHttpServiceTest {

    @Test
    void theSnippetBuildsAServiceThatAnswers() throws Exception {
        RecoveryStore store = RecoveryStore.inMemory();
        String apiKey = "readme-key-0123";
        String webhookSecret = "readme-secret";
        SignedLinks links = SignedLinks.of(Clock.systemUTC(), List.of(StoreLinks.builder("shop-1")
                .baseUrl(URI.create("https://app.example.com/r/shop-1"))
                .key("k1", "a-link-key-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8)).build()));
        // --- from README.md, "The example HTTP service" (port 0 instead of 8080) ---
        RecoveryEngine engine = RecoveryEngine.builder().store(store).links(links) /* ... */ .build();
        RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
                .account(new StoreAccount("shop-1", "shop-1.myshopify.com", apiKey, webhookSecret))
                .links(links)                    // the same SignedLinks the engine signs with
                .port(0)                         // binds 127.0.0.1; 0 = a free port
                .requestTimeout(Duration.ofSeconds(10))  // the default
                .build();
        // --- end ---
        try (engine; service) {
            HttpResponse<String> settings = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    service.baseUri().resolve("/stores/shop-1/settings")).header("Authorization", "Bearer " + apiKey)
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(settings.statusCode()).isEqualTo(200);
        }
    }
}

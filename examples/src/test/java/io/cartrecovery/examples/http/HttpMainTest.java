package io.cartrecovery.examples.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HttpMain}'s wiring from the environment, without its {@code System.exit} path. */
class HttpMainTest {
    private static final String KEY = "main-api-key-0123";
    private static final String SECRET = "main-webhook-secret";

    @TempDir
    Path outbox;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheDemoStoreWithTheKeyAndSecretOfTheEnvironment() throws Exception {
        int port = freePort();
        String body = """
                {"token": "t-1", "email": "alex@example.com", "currency": "EUR", "total_price": "10.00",
                 "updated_at": "2026-03-02T10:00:00Z",
                 "line_items": [{"sku": "S", "title": "Mug", "quantity": 1, "price": "10.00"}]}
                """;
        try (HttpMain.Running running = HttpMain.start(env("PORT", String.valueOf(port)), outbox)) {
            String base = running.service().baseUri().toString();
            HttpResponse<String> settings = http.send(HttpRequest.newBuilder(java.net.URI.create(
                    base + "/stores/demo-store/settings")).header("Authorization", "Bearer " + KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(java.net.URI.create(
                    base + "/webhooks/shopify")).header("X-Shopify-Topic", "checkouts/create")
                    .header("X-Shopify-Shop-Domain", "demo-store.myshopify.com")
                    .header("X-Shopify-Hmac-Sha256", ServiceTestBase.sign(body, SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(running.service().port()).isEqualTo(port);
            assertThat(settings.statusCode()).isEqualTo(200);
            assertThat(settings.body()).contains("\"storeId\":\"demo-store\"");
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
            assertThat(running.links()).hasToString("http://127.0.0.1:" + port + "/r/demo-store");
        }
    }

    @Test
    void theComplianceWebhooksEraseAndExportThroughTheEngine() throws Exception {
        String checkout = """
                {"token": "t-1", "email": "alex@example.com", "currency": "EUR", "total_price": "10.00",
                 "updated_at": "2026-03-02T10:00:00Z",
                 "customer": {"id": 191167, "email": "alex@example.com", "first_name": "Alex"},
                 "line_items": [{"sku": "S", "title": "Mug", "quantity": 1, "price": "10.00"}]}
                """;
        String customer = """
                "shop_id": 954889, "shop_domain": "demo-store.myshopify.com",
                "customer": {"id": 191167, "email": "alex@example.com", "phone": "555-625-1199"}""";
        String request = "{" + customer + ", \"orders_requested\": [], \"data_request\": {\"id\": 9999}}";
        String redact = "{" + customer + ", \"orders_to_redact\": []}";
        try (HttpMain.Running running = HttpMain.start(env("PORT", "0"), outbox)) {
            String base = running.service().baseUri().toString();
            assertThat(webhook(base, "checkouts/create", checkout, "w-1").statusCode()).isEqualTo(200);
            assertThat(running.engine().exportCustomer("demo-store", "191167").isEmpty()).isFalse();

            assertThat(webhook(base, "customers/data_request", request, "w-2").statusCode()).isEqualTo(200);
            String exported = java.nio.file.Files.readString(outbox.resolve("data-requests/954889-9999.json"));
            assertThat(webhook(base, "customers/redact", redact, "w-3").statusCode()).isEqualTo(200);

            assertThat(exported).contains("alex@example.com").contains("\"cartId\":\"t-1\"");
            assertThat(running.engine().exportCustomer("demo-store", "191167").isEmpty()).isTrue();
        }
    }

    private HttpResponse<String> webhook(String base, String topic, String body, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/webhooks/shopify"))
                .header("X-Shopify-Topic", topic).header("X-Shopify-Webhook-Id", id)
                .header("X-Shopify-Shop-Domain", "demo-store.myshopify.com")
                .header("X-Shopify-Hmac-Sha256", ServiceTestBase.sign(body, SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMissingOrWrongVariableIsNamed() {
        assertThatThrownBy(() -> HttpMain.start(Map.of("CART_RECOVERY_API_KEY", KEY), outbox))
                .hasMessageContaining("SHOPIFY_WEBHOOK_SECRET");
        assertThatThrownBy(() -> HttpMain.start(env("PORT", "eighty"), outbox))
                .hasMessage("PORT must be a port number, 0 to 65535");
        assertThatThrownBy(() -> HttpMain.start(env("PUBLIC_BASE_URL", "links.example.com"), outbox))
                .hasMessageContaining("PUBLIC_BASE_URL");
        assertThatThrownBy(() -> HttpMain.start(env("LINK_SECRET", "short-secret"), outbox))
                .hasMessage("LINK_SECRET must be at least 32 bytes");
    }

    private static Map<String, String> env(String name, String value) {
        Map<String, String> env = new HashMap<>(Map.of("CART_RECOVERY_API_KEY", KEY, "SHOPIFY_WEBHOOK_SECRET", SECRET,
                "PORT", "0"));
        env.put(name, value);
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

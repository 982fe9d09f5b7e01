package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.AfterEach;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example service over real HTTP, with the engine on virtual time and signed links that point back at the
 * service ({@code http://127.0.0.1:PORT/r/STORE}), so the tests follow the links the engine put in its messages.
 */
abstract class ServiceTestBase {
    static final String A = "store-a";
    static final String B = "store-b";
    static final String DOMAIN_A = "store-a.myshopify.com";
    /** The host of the checkouts' restore URLs: store A's own domain. */
    static final String SHOP_HOST_A = "store-a.example.com";
    static final String KEY_A = "key-a-0123456789";
    static final String KEY_B = "key-b-0123456789";
    static final String SECRET_A = "whsec-a";
    static final byte[] LINK_KEY_A = "link-secret-of-store-a-32-bytes-long".getBytes(StandardCharsets.UTF_8);
    static final byte[] LINK_KEY_B = "link-secret-of-store-b-32-bytes-long".getBytes(StandardCharsets.UTF_8);
    static final ObjectMapper JSON = new ObjectMapper();

    final SettableClock clock = SettableClock.at(Fixtures.T0);
    final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    final RecoveryStore store = RecoveryStore.inMemory();
    final RecordingSender email = new RecordingSender(clock);
    /** What the compliance webhooks asked of the host, as {@code "topic store customer email orders"}. */
    final List<String> complianceCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final int port = freePort();
    final SignedLinks links = SignedLinks.of(clock, List.of(storeLinks(A, LINK_KEY_A), storeLinks(B, LINK_KEY_B)));
    final RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
            .links(links).sender(Channel.EMAIL, email).build(); // popups: the engine's built-in inbox
    final RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
            .account(new StoreAccount(A, DOMAIN_A, KEY_A, SECRET_A))
            .account(new StoreAccount(B, "store-b.myshopify.com", KEY_B, "whsec-b"))
            .links(links)
            .compliance(new RecordingCompliance(complianceCalls))
            .port(port)
            .clock(clock)
            .build();
    final HttpClient http = HttpClient.newHttpClient(); // never follows redirects
    int webhookIds;

    @AfterEach
    void close() {
        service.close();
        engine.close();
    }

    private StoreLinks storeLinks(String storeId, byte[] key) {
        return StoreLinks.builder(storeId)
                .baseUrl(RecoveryHttpService.linkBaseUrl(URI.create("http://127.0.0.1:" + port), storeId))
                .redirectHost(storeId + ".example.com").key("k1", key).build();
    }

    /** A port free a moment ago: the links must name the service's port before the service exists. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts a checkout of {@code customerId} updated now, then lets the abandonment time pass. */
    RecoverySequence abandon(String token, long customerId) throws Exception {
        HttpResponse<String> response = signedWebhook("checkouts/create",
                checkout(token, customerId, "c" + customerId + "@example.com"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        scheduler.advance(Duration.ofMinutes(31));
        return store.sequencesOfCart(A, token).get(0);
    }

    String checkout(String token, long customerId, String address) {
        return """
                {"id": 9%d, "token": "%s", "cart_token": "cart-%s", "email": "%s", "currency": "EUR",
                 "total_price": "118.00", "updated_at": "%s", "customer_locale": "de-DE",
                 "abandoned_checkout_url": "https://store-a.example.com/checkouts/%s/recover",
                 "customer": {"id": %d, "first_name": "Jürgen", "orders_count": 0, "total_spent": "0.00",
                              "email_marketing_consent": {"state": "subscribed"}},
                 "line_items": [{"sku": "SKU-1", "title": "Merino Wool Sweater", "quantity": 1, "price": "59.00",
                                 "variant_id": 123},
                                {"sku": "", "title": "Wool Socks", "quantity": 2, "price": "29.50",
                                 "variant_id": 456}]}
                """.formatted(customerId, token, token, address, clock.instant(), token, customerId);
    }

    String order(String orderId, String checkoutToken, long customerId) {
        return """
                {"id": "%s", "checkout_token": "%s", "total_price": "118.00", "currency": "EUR",
                 "created_at": "%s", "customer": {"id": %d}}
                """.formatted(orderId, checkoutToken, clock.instant(), customerId);
    }

    HttpResponse<String> signedWebhook(String topic, String body) throws Exception {
        return webhook(topic, body, DOMAIN_A, sign(body, SECRET_A), "auto-" + ++webhookIds);
    }

    HttpResponse<String> webhook(String topic, String body, String domain, String hmac, String id)
            throws Exception {
        return send(webhookRequest(topic, body, domain, hmac, id));
    }

    HttpRequest.Builder webhookRequest(String topic, String body, String domain, String hmac, String id) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/shopify"))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", topic)
                .header("X-Shopify-Shop-Domain", domain)
                .header("X-Shopify-Webhook-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (hmac != null) {
            request.header("X-Shopify-Hmac-Sha256", hmac);
        }
        return request;
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        return send(authorized(path, key).GET());
    }

    HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send(authorized(path, key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> put(String path, String key, String body) throws Exception {
        return send(authorized(path, key).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpRequest.Builder authorized(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String pathAndQuery) {
        return service.baseUri().resolve(pathAndQuery);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}

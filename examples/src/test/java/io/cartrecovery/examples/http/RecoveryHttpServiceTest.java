package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.testing.Fixtures;
import io.cartrecovery.core.testing.RecordingSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example service over real HTTP on a free port, with the engine on virtual time. */
class RecoveryHttpServiceTest {
    private static final String A = "store-a";
    private static final String B = "store-b";
    private static final String DOMAIN_A = "store-a.myshopify.com";
    private static final String KEY_A = "key-a-0123456789";
    private static final String KEY_B = "key-b-0123456789";
    private static final String SECRET_A = "whsec-a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SettableClock clock = SettableClock.at(Fixtures.T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecoveryStore store = RecoveryStore.inMemory();
    private final RecordingSender email = new RecordingSender(clock);
    private final RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
            .sender(Channel.EMAIL, email).sender(Channel.POPUP, new RecordingSender(clock)).build();
    private final RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
            .account(new StoreAccount(A, DOMAIN_A, KEY_A, SECRET_A))
            .account(new StoreAccount(B, "store-b.myshopify.com", KEY_B, "whsec-b"))
            .port(0)
            .clock(clock)
            .build();
    private final HttpClient http = HttpClient.newHttpClient();
    private int webhookIds;

    @AfterEach
    void close() {
        service.close();
        engine.close();
    }

    @Test
    void aBadSignatureIs401AndChangesNothing() throws Exception {
        String body = checkout("tok-1", 1001, "alex@example.com");
        HttpResponse<String> forged = webhook("checkouts/create", body, DOMAIN_A, sign(body, "wrong-secret"), "w1");
        HttpResponse<String> unsigned = webhook("checkouts/create", body, DOMAIN_A, null, "w2");
        HttpResponse<String> otherShop = webhook("checkouts/create", body, "unknown.myshopify.com",
                sign(body, SECRET_A), "w3");
        HttpResponse<String> tampered = webhook("checkouts/create", body.replace("59.00", "0.01"), DOMAIN_A,
                sign(body, SECRET_A), "w4");

        assertThat(List.of(forged, unsigned, otherShop, tampered)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).path("error").asText()).isEqualTo("invalid webhook signature");
        });
        assertThat(store.cart(A, "tok-1")).isEmpty();
    }

    @Test
    void aCheckoutThenAnOrderStopsTheSequenceAsPurchased() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        assertThat(sequence.customerId()).isEqualTo("1001");

        HttpResponse<String> order = signedWebhook("orders/create", order("o-1", "tok-1", 1001));

        assertThat(order.statusCode()).isEqualTo(200);
        RecoverySequence stopped = engine.sequence(A, sequence.id());
        assertThat(stopped.status()).isEqualTo(SequenceStatus.STOPPED);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(engine.history(A, sequence.id())).filteredOn(e -> e.type() == EventType.CART_RECOVERED)
                .singleElement().satisfies(e -> assertThat(e.value()).isEqualByComparingTo("118.00"));
    }

    @Test
    void aReplayedWebhookChangesNothing() throws Exception {
        abandon("tok-1", 1001);
        String orderBody = order("o-1", "tok-1", 1001);
        HttpResponse<String> first = webhook("orders/create", orderBody, DOMAIN_A, sign(orderBody, SECRET_A), "w-o1");
        RecoverySequence second = abandon("tok-2", 1001); // the same customer comes back with a new cart
        int events = store.events(A, Fixtures.T0, clock.instant().plusSeconds(1)).size();

        HttpResponse<String> replay = webhook("orders/create", orderBody, DOMAIN_A, sign(orderBody, SECRET_A),
                "w-o1");

        assertThat(json(first).path("status").asText()).isEqualTo("processed");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json(replay).path("status").asText()).isEqualTo("duplicate");
        assertThat(engine.sequence(A, second.id()).isActive()).isTrue(); // processed again, it would stop this one
        assertThat(store.events(A, Fixtures.T0, clock.instant().plusSeconds(1))).hasSize(events);
    }

    @Test
    void aMalformedBodyIs400WithAMessageAndStaysRetryable() throws Exception {
        HttpResponse<String> notJson = signedWebhook("checkouts/create", "{\"token\": ");
        HttpResponse<String> noItems = signedWebhook("checkouts/create",
                checkout("tok-1", 1001, "alex@example.com").replace("\"line_items\"", "\"items\""));
        HttpResponse<String> badEmail = signedWebhook("checkouts/create", checkout("tok-1", 1001, "not-an-address"));
        String badDate = checkout("tok-1", 1001, "alex@example.com").replace(Fixtures.T0.toString(), "yesterday");
        HttpResponse<String> first = webhook("checkouts/create", badDate, DOMAIN_A, sign(badDate, SECRET_A), "w-9");
        HttpResponse<String> retry = webhook("checkouts/create", badDate, DOMAIN_A, sign(badDate, SECRET_A), "w-9");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("error").asText()).startsWith("malformed JSON");
        assertThat(json(noItems).path("error").asText()).isEqualTo("line_items must be a non-empty array");
        assertThat(json(badEmail).path("error").asText()).isEqualTo("email is not a valid email address");
        assertThat(json(badEmail).toString()).doesNotContain("not-an-address");
        assertThat(json(first).path("error").asText()).contains("updated_at");
        assertThat(retry.statusCode()).as("a failed delivery is not remembered as seen").isEqualTo(400);
        assertThat(store.cart(A, "tok-1")).isEmpty();
    }

    @Test
    void anotherStoresKeySees404ForASequenceThatExists() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        String path = "/stores/" + A + "/sequences/" + sequence.id();

        HttpResponse<String> own = get(path, KEY_A);
        HttpResponse<String> foreign = get(path, KEY_B);
        HttpResponse<String> foreignList = get("/stores/" + A + "/sequences", KEY_B);
        HttpResponse<String> foreignStop = post(path + "/stop", KEY_B, "{\"reason\":\"MANUAL\"}");
        HttpResponse<String> missing = get("/stores/" + A + "/sequences/no-such-id", KEY_A);
        HttpResponse<String> anonymous = get(path, null);
        HttpResponse<String> wrongKey = get(path, "guess");

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json(own).path("id").asText()).isEqualTo(sequence.id());
        assertThat(json(own).path("history").get(0).path("type").asText()).isEqualTo("SEQUENCE_STARTED");
        assertThat(List.of(foreign, foreignList, foreignStop)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(missing.body()).doesNotContain(sequence.id());
        });
        assertThat(engine.sequence(A, sequence.id()).isActive()).isTrue();
        assertThat(List.of(anonymous, wrongKey)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        });
    }

    @Test
    void listPagesThroughActiveSequencesAndStopEndsOneWithTheGivenReason() throws Exception {
        RecoverySequence one = abandon("tok-1", 1001);
        abandon("tok-2", 1002);
        abandon("tok-3", 1003);

        JsonNode page1 = json(get("/stores/" + A + "/sequences?limit=2", KEY_A));
        JsonNode page2 = json(get("/stores/" + A + "/sequences?limit=2&after=" + page1.path("nextCursor").asText(),
                KEY_A));
        HttpResponse<String> stop = post("/stores/" + A + "/sequences/" + one.id() + "/stop", KEY_A,
                "{\"reason\":\"MANUAL\"}");
        HttpResponse<String> badReason = post("/stores/" + A + "/sequences/" + one.id() + "/stop", KEY_A,
                "{\"reason\":\"BORED\"}");
        HttpResponse<String> badLimit = get("/stores/" + A + "/sequences?limit=0", KEY_A);

        assertThat(page1.path("items")).hasSize(2);
        assertThat(page2.path("items")).hasSize(1);
        assertThat(page2.has("nextCursor")).isFalse();
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(json(stop).path("status").asText()).isEqualTo("STOPPED");
        assertThat(json(stop).path("stopReason").asText()).isEqualTo("MANUAL");
        assertThat(engine.activeSequences(A, PageRequest.first(10)).items()).hasSize(2)
                .noneMatch(s -> s.id().equals(one.id()));
        assertThat(badReason.statusCode()).isEqualTo(400);
        assertThat(json(badReason).path("error").asText()).startsWith("invalid field reason");
        assertThat(json(badLimit).path("error").asText()).contains("limit");
    }

    @Test
    void analyticsCountTheLastDaysFromTheEventLog() throws Exception {
        abandon("tok-1", 1001);
        abandon("tok-2", 1002);
        signedWebhook("orders/create", order("o-1", "tok-1", 1001));

        JsonNode analytics = json(get("/stores/" + A + "/analytics?days=7", KEY_A));
        HttpResponse<String> badDays = get("/stores/" + A + "/analytics?days=0", KEY_A);

        assertThat(analytics.path("sequences").asInt()).isEqualTo(2);
        assertThat(analytics.path("recovered").asInt()).isEqualTo(1);
        assertThat(analytics.path("recoveryRate").asDouble()).isEqualTo(0.5);
        assertThat(analytics.path("recoveredRevenue").decimalValue()).isEqualByComparingTo("118.00");
        assertThat(analytics.path("sequencesByType").path("FIRST_TIME").asInt()).isEqualTo(2);
        assertThat(badDays.statusCode()).isEqualTo(400);
        assertThat(json(badDays).path("error").asText()).contains("days");
    }

    @Test
    void settingsAreConfiguredPartiallyAndBadValuesNameTheField() throws Exception {
        HttpResponse<String> put = put("/stores/" + A + "/settings", KEY_A,
                "{\"abandonAfter\":\"PT45M\",\"requireMarketingConsent\":false,\"lowStockThreshold\":3}");
        HttpResponse<String> negative = put("/stores/" + A + "/settings", KEY_A, "{\"abandonAfter\":\"-PT5M\"}");
        HttpResponse<String> notADuration = put("/stores/" + A + "/settings", KEY_A, "{\"abandonAfter\":\"soon\"}");
        HttpResponse<String> unknown = put("/stores/" + A + "/settings", KEY_A, "{\"colour\":\"red\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).path("abandonAfter").asText()).isEqualTo("PT45M");
        assertThat(engine.settings(A).abandonAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(engine.settings(A).requireMarketingConsent()).isFalse();
        assertThat(engine.settings(A).lowStockThreshold()).isEqualTo(3);
        assertThat(engine.settings(B).abandonAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(List.of(negative, notADuration, unknown)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(400));
        assertThat(json(negative).path("error").asText()).isEqualTo("abandonAfter must be positive");
        assertThat(json(notADuration).path("error").asText()).contains("abandonAfter");
        assertThat(json(unknown).path("error").asText()).contains("colour");
        assertThat(engine.settings(A).abandonAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void oversizedBodiesWrongMethodsAndThePlaceholdersAnswerClearly() throws Exception {
        HttpResponse<String> huge = signedWebhook("checkouts/create", "x".repeat(2 << 20));
        HttpResponse<String> getWebhook = send(HttpRequest.newBuilder(uri("/webhooks/shopify")).GET());
        HttpResponse<String> unsubscribe = send(HttpRequest.newBuilder(uri("/unsubscribe?t=x"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> ignored = signedWebhook("products/update", "{}");

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(getWebhook.statusCode()).isEqualTo(405);
        assertThat(unsubscribe.statusCode()).isEqualTo(501);
        assertThat(json(ignored).path("status").asText()).isEqualTo("ignored");
    }

    /** Posts a checkout of {@code customerId} updated now, then lets the abandonment time pass. */
    private RecoverySequence abandon(String token, long customerId) throws Exception {
        HttpResponse<String> response = signedWebhook("checkouts/create",
                checkout(token, customerId, "c" + customerId + "@example.com"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        scheduler.advance(Duration.ofMinutes(31));
        return store.sequencesOfCart(A, token).get(0);
    }

    private String checkout(String token, long customerId, String address) {
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

    private String order(String orderId, String checkoutToken, long customerId) {
        return """
                {"id": "%s", "checkout_token": "%s", "total_price": "118.00", "currency": "EUR",
                 "created_at": "%s", "customer": {"id": %d}}
                """.formatted(orderId, checkoutToken, clock.instant(), customerId);
    }

    private HttpResponse<String> signedWebhook(String topic, String body) throws Exception {
        return webhook(topic, body, DOMAIN_A, sign(body, SECRET_A), "auto-" + ++webhookIds);
    }

    private HttpResponse<String> webhook(String topic, String body, String domain, String hmac, String id)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/shopify"))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", topic)
                .header("X-Shopify-Shop-Domain", domain)
                .header("X-Shopify-Webhook-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (hmac != null) {
            request.header("X-Shopify-Hmac-Sha256", hmac);
        }
        return send(request);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return send(authorized(path, key).GET());
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send(authorized(path, key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(String path, String key, String body) throws Exception {
        return send(authorized(path, key).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder authorized(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return service.baseUri().resolve(pathAndQuery);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}

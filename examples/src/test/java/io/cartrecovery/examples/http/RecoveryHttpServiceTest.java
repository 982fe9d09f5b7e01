package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook endpoint and the management API over real HTTP. */
class RecoveryHttpServiceTest extends ServiceTestBase {

    @Test
    void aBadSignatureIs401AndChangesNothing() throws Exception {
        String body = checkout("tok-1", 1001, "alex@example.com");
        HttpResponse<String> forged = webhook("checkouts/create", body, DOMAIN_A, sign(body, "wrong-secret"), "w1");
        HttpResponse<String> unsigned = webhook("checkouts/create", body, DOMAIN_A, null, "w2");
        HttpResponse<String> otherShopsSecret = webhook("checkouts/create", body, DOMAIN_A, sign(body, "whsec-b"),
                "w3");
        HttpResponse<String> tampered = webhook("checkouts/create", body.replace("59.00", "0.01"), DOMAIN_A,
                sign(body, SECRET_A), "w4");

        assertThat(List.of(forged, unsigned, otherShopsSecret, tampered)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"error\":\"unauthorized\",\"field\":\"X-Shopify-Hmac-Sha256\","
                    + "\"message\":\"is not a valid signature of the body\"}");
        });
        assertThat(store.cart(A, "tok-1")).isEmpty();
    }

    @Test
    void anUnknownShopDomainIsNotReportedAsABadSignature() throws Exception {
        String body = checkout("tok-1", 1001, "alex@example.com");
        HttpResponse<String> unknown = webhook("checkouts/create", body, "typo-store.myshopify.com",
                sign(body, SECRET_A), "w1");
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/webhooks/shopify"))
                .header("X-Shopify-Topic", "checkouts/create").header("X-Shopify-Hmac-Sha256", sign(body, SECRET_A))
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"not_found\",\"field\":\"X-Shopify-Shop-Domain\","
                + "\"message\":\"is not a shop this service serves\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).path("field").asText()).isEqualTo("X-Shopify-Shop-Domain");
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
        assertThat(json(notJson).path("message").asText()).isEqualTo("is not well-formed JSON");
        assertThat(json(noItems).path("field").asText()).isEqualTo("line_items");
        assertThat(json(noItems).path("message").asText()).isEqualTo("must be a non-empty array");
        assertThat(json(badEmail).path("field").asText()).isEqualTo("email");
        assertThat(json(badEmail).path("message").asText()).isEqualTo("is not a valid email address");
        assertThat(json(badEmail).toString()).doesNotContain("not-an-address");
        assertThat(json(first).path("field").asText()).isEqualTo("updated_at");
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
        assertThat(json(badReason).path("field").asText()).isEqualTo("reason");
        assertThat(json(badLimit).path("field").asText()).isEqualTo("limit");
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
        assertThat(json(negative).path("field").asText()).isEqualTo("abandonAfter");
        assertThat(json(negative).path("message").asText()).isEqualTo("must be positive");
        assertThat(json(notADuration).path("field").asText()).isEqualTo("abandonAfter");
        assertThat(json(unknown).path("field").asText()).isEqualTo("colour");
        assertThat(engine.settings(A).abandonAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void everyEndpointAnswersAWrongMethodWith405AndTheAllowedOnes() throws Exception {
        String sequence = "/stores/" + A + "/sequences/" + abandon("tok-1", 1001).id();
        Map<String, String> allowed = new LinkedHashMap<>();
        allowed.put("GET /webhooks/shopify", "POST");
        allowed.put("DELETE /stores/" + A + "/sequences", "GET");
        allowed.put("PUT " + sequence, "GET");
        allowed.put("GET " + sequence + "/stop", "POST");
        allowed.put("POST /stores/" + A + "/analytics", "GET");
        allowed.put("DELETE /stores/" + A + "/settings", "GET, PUT");
        allowed.put("POST /storefront/" + A + "/popup?token=x", "GET");
        allowed.put("PUT /r/" + A + "/unsubscribe?t=x", "GET, POST");
        allowed.put("DELETE /r/" + A + "/open?t=x", "GET");
        allowed.put("POST /r/" + A + "/click?t=x", "GET");

        for (Map.Entry<String, String> endpoint : allowed.entrySet()) {
            String[] request = endpoint.getKey().split(" ");
            HttpResponse<String> response = send(authorized(request[1], KEY_A)
                    .method(request[0], HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).as(endpoint.getKey()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(endpoint.getKey()).hasValue(endpoint.getValue());
            assertThat(json(response).path("error").asText()).isEqualTo("method_not_allowed");
        }
    }

    @Test
    void everyBodyIsBoundedAndAnswered413() throws Exception {
        String big = "{\"reason\":\"" + "x".repeat(1 << 20) + "\"}";
        String sequence = "/stores/" + A + "/sequences/" + abandon("tok-1", 1001).id();

        List<HttpResponse<String>> responses = List.of(
                signedWebhook("checkouts/create", big),
                post(sequence + "/stop", KEY_A, big),
                put("/stores/" + A + "/settings", KEY_A, big),
                post("/r/" + A + "/unsubscribe?t=x", null, big));

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"error\":\"payload_too_large\",\"field\":\"body\","
                    + "\"message\":\"must be at most 1048576 bytes\"}");
        });
        assertThat(engine.sequence(A, sequence.substring(sequence.lastIndexOf('/') + 1)).isActive()).isTrue();
    }

    @Test
    void oversizedBodiesWrongMethodsAndUnknownPathsAnswerClearly() throws Exception {
        HttpResponse<String> huge = signedWebhook("checkouts/create", "x".repeat(2 << 20));
        HttpResponse<String> getWebhook = send(HttpRequest.newBuilder(uri("/webhooks/shopify")).GET());
        HttpResponse<String> postClick = send(HttpRequest.newBuilder(uri("/r/" + A + "/click?t=x"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/r/" + A + "/subscribe?t=x")).GET());
        HttpResponse<String> nowhere = send(HttpRequest.newBuilder(uri("/nowhere")).GET());
        HttpResponse<String> ignored = signedWebhook("products/update", "{}");

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(getWebhook.statusCode()).isEqualTo(405);
        assertThat(postClick.statusCode()).isEqualTo(405);
        assertThat(postClick.headers().firstValue("Allow")).hasValue("GET");
        assertThat(List.of(unknown, nowhere)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"not found\"}");
        });
        assertThat(json(ignored).path("status").asText()).isEqualTo("ignored");
    }

}

package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile client's range of bad requests: every error body is small JSON that may name a field, and holds
 * nothing internal (no Java or Jackson type names, no stack traces) and none of the values that were sent.
 */
class ErrorBodiesTest extends ServiceTestBase {
    private static final List<String> INTERNAL = List.of("java.", "com.fasterxml", "Exception", "io.cartrecovery",
            "\tat ", "Caused by");

    /** One bad request and the values it submitted, none of which may come back. */
    private record Case(String name, HttpRequest.Builder request, List<String> sent) {}

    private final List<Case> cases = new ArrayList<>();

    @Test
    void noErrorBodyNamesJavaTypesOrEchoesTheInput() throws Exception {
        String base = checkout("tok-bad", 1001, "alex@example.com");
        webhookCase("a line item as a string", base.replaceFirst("\"line_items\": \\[",
                "\"line_items\": [\"lots-of-things\", "), "lots-of-things");
        webhookCase("quantity as text", base.replace("\"quantity\": 1", "\"quantity\": \"many-many\""), "many-many");
        webhookCase("price as an object", base.replace("\"price\": \"59.00\"",
                "\"price\": {\"amount\": \"fifty-nine\"}"), "fifty-nine");
        webhookCase("negative price", base.replace("\"price\": \"59.00\"", "\"price\": \"-59.13\""), "-59.13");
        webhookCase("huge quantity", base.replace("\"quantity\": 1", "\"quantity\": 99999999999999999999999"),
                "99999999999999999999999");
        webhookCase("huge exponent", base.replace("\"price\": \"59.00\"", "\"price\": \"1e999999999\""),
                "1e999999999");
        webhookCase("number overflow", base.replace("\"total_price\": \"118.00\"", "\"total_price\": 1e400"), "1e400");
        webhookCase("invalid email", base.replace("alex@example.com", "alex@@victim.example"), "alex@@victim.example",
                "victim.example");
        webhookCase("nested garbage", "{\"token\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}", "[[[[");
        webhookCase("nested object as email", base.replace("\"alex@example.com\"", "{\"a\": [\"bob@evil.example\"]}"),
                "bob@evil.example");
        webhookCase("trailing garbage", "{\"token\": \"t-1\"} trailing-xyz", "trailing-xyz");
        webhookCase("duplicate key", base.replace("\"token\": \"tok-bad\"",
                "\"token\": \"tok-1\", \"token\": \"tok-dup\""), "tok-dup");
        webhookCase("bad date", base.replace(Fixtures.T0.toString(), "next-tuesday-noon"), "next-tuesday-noon");
        webhookCase("bad currency", base.replace("\"EUR\"", "\"EURO-DOLLARS\""), "EURO-DOLLARS");
        webhookCase("bad locale type", base.replace("\"de-DE\"", "[\"de-DE-weird\"]"), "de-DE-weird");
        cases.add(new Case("bad HMAC", webhookRequest("checkouts/create", base, DOMAIN_A,
                sign(base, "forged-secret"), "id-1"), List.of("forged-secret", "id-1", "tok-bad")));
        cases.add(new Case("unknown shop", webhookRequest("checkouts/create", base, "evil-shop.myshopify.com",
                sign(base, SECRET_A), "id-2"), List.of("evil-shop")));
        cases.add(new Case("unsigned", webhookRequest("checkouts/create", base, DOMAIN_A, null, "id-3"),
                List.of("tok-bad")));

        settingsCase("{\"lowStockThreshold\": \"many-units\"}", "many-units");
        settingsCase("{\"lowStockThreshold\": 1e30}", "1e30", "1.0E30");
        settingsCase("{\"highValueThreshold\": \"1e999999999\"}", "1e999999999");
        settingsCase("{\"timeZone\": \"Mars/Olympus_Mons\"}", "Mars/Olympus_Mons", "Olympus");
        settingsCase("{\"locale\": \"zz-!!-weird\"}", "zz-!!-weird");
        settingsCase("{\"requireMarketingConsent\": \"perhaps-yes\"}", "perhaps-yes");
        settingsCase("{\"abandonAfter\": \"PT99999999999999H\"}", "PT99999999999999H", "99999999999999");
        settingsCase("{\"colour\": \"bright-red\"}", "bright-red");
        settingsCase("{\"abandonAfter\": \"PT45M\"} {\"more-garbage\": 1}", "more-garbage");
        settingsCase("{\"abandonAfter\": \"PT45M\"}{\"expireAfter\": \"P9D\"}", "P9D");
        settingsCase("{\"abandonAfter\": \"PT45M\", \"abandonAfter\": \"PT46M\"}", "PT46M", "PT45M");
        settingsCase("[\"not-an-object\"]", "not-an-object");
        settingsCase("\"just-a-string\"", "just-a-string");

        getCase("/stores/" + A + "/sequences?limit=lots-of-them", KEY_A, "lots-of-them");
        getCase("/stores/" + A + "/sequences?limit=99999999999", KEY_A, "99999999999");
        getCase("/stores/" + A + "/analytics?days=99999999999", KEY_A, "99999999999");
        getCase("/stores/" + A + "/sequences/missing-sequence-id", KEY_A, "missing-sequence-id");
        getCase("/stores/unknown-store-x/settings", KEY_A, "unknown-store-x");
        getCase("/stores/" + A + "/settings", "guessed-key-123", "guessed-key-123");
        getCase("/stores/" + A + "/nothing-here-xyz", KEY_A, "nothing-here-xyz");
        getCase("/storefront/unknown-store-y/popup?token=popup-token-1", null, "unknown-store-y", "popup-token-1");
        getCase("/nothing-at-all-xyz", null, "nothing-at-all-xyz");
        getCase("/r/" + A + "/nothing-xyz?t=some-token", null, "nothing-xyz", "some-token");
        cases.add(new Case("stop with a bad reason", authorized("/stores/" + A + "/sequences/missing-seq-2/stop",
                KEY_A).POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"BORED-REASON\"}")),
                List.of("BORED-REASON", "missing-seq-2")));
        cases.add(new Case("DELETE webhooks", HttpRequest.newBuilder(uri("/webhooks/shopify")).DELETE(), List.of()));
        cases.add(new Case("PATCH settings", authorized("/stores/" + A + "/settings", KEY_A)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"patch-value\": 1}")), List.of("patch-value")));
        cases.add(new Case("PUT open", HttpRequest.newBuilder(uri("/r/" + A + "/open?t=open-token-1"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")), List.of("open-token-1")));
        cases.add(new Case("oversized", authorized("/stores/" + A + "/settings", KEY_A)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"locale\": \"" + "huge-value".repeat(200_000) + "\"}")),
                List.of("huge-value")));

        for (Case c : cases) {
            HttpResponse<String> response;
            try {
                response = send(c.request());
            } catch (java.io.IOException e) {
                throw new AssertionError(c.name(), e);
            }
            assertThat(response.statusCode()).as(c.name()).isBetween(400, 499);
            assertSafe(c.name(), response.body(), c.sent());
        }
    }

    private static void assertSafe(String name, String body, List<String> sent) throws Exception {
        assertThat(body).as(name).hasSizeLessThan(300);
        for (String internal : INTERNAL) {
            assertThat(body).as(name).doesNotContain(internal);
        }
        for (String value : sent) {
            assertThat(body).as(name).doesNotContain(value);
        }
        assertThat(body).as(name).doesNotContain("@");
        JsonNode error = JSON.readTree(body);
        assertThat(error.path("error").asText()).as(name).matches("[a-z_]+");
        assertThat(error.path("message").asText()).as(name).isNotBlank();
    }

    @Test
    void everyJsonBodyIsOneValueWithoutRepeatedKeys() throws Exception {
        String checkout = checkout("tok-1", 1001, "alex@example.com").strip();
        String sequenceId = abandon("tok-0", 1000).id();
        String stop = "/stores/" + A + "/sequences/" + sequenceId + "/stop";

        List<HttpResponse<String>> trailing = List.of(
                signedWebhook("checkouts/create", checkout + " xyz"),
                signedWebhook("checkouts/create", checkout + "{\"b\":2}"),
                put("/stores/" + A + "/settings", KEY_A, "{\"lowStockThreshold\":3} xyz"),
                put("/stores/" + A + "/settings", KEY_A, "{\"lowStockThreshold\":3}{\"b\":2}"),
                post(stop, KEY_A, "{\"reason\":\"MANUAL\"}{\"b\":2}"));
        List<HttpResponse<String>> repeated = List.of(
                signedWebhook("checkouts/create", checkout.replace("\"currency\": \"EUR\"",
                        "\"currency\": \"EUR\", \"currency\": \"USD\"")),
                put("/stores/" + A + "/settings", KEY_A, "{\"lowStockThreshold\":3,\"lowStockThreshold\":4}"),
                post(stop, KEY_A, "{\"reason\":\"MANUAL\",\"reason\":\"MANUAL\"}"));

        assertThat(trailing).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("field").asText()).isEqualTo("body");
        });
        assertThat(json(trailing.get(1)).path("message").asText())
                .isEqualTo("must be one JSON value with nothing after it");
        assertThat(repeated).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("message").asText()).isEqualTo("must not appear twice");
        });
        assertThat(json(repeated.get(1)).path("field").asText()).isEqualTo("lowStockThreshold");
        assertThat(store.cart(A, "tok-1")).isEmpty();
        assertThat(engine.settings(A).lowStockThreshold()).isNotIn(3, 4);
        assertThat(engine.sequence(A, sequenceId).isActive()).isTrue();
    }

    @Test
    void aBadFieldIsNamedWithItsPath() throws Exception {
        String body = checkout("tok-1", 1001, "alex@example.com")
                .replace("\"price\": \"59.00\"", "\"price\": \"-59.00\"");
        JsonNode negative = json(signedWebhook("checkouts/create", body));
        JsonNode unknown = json(put("/stores/" + A + "/settings", KEY_A, "{\"colour\": \"red\"}"));
        JsonNode wrongType = json(put("/stores/" + A + "/settings", KEY_A, "{\"lowStockThreshold\": \"many\"}"));

        assertThat(negative.toString())
                .isEqualTo("{\"error\":\"bad_request\",\"field\":\"line_items[0].price\","
                        + "\"message\":\"must not be negative\"}");
        assertThat(unknown.path("field").asText()).isEqualTo("colour");
        assertThat(unknown.path("message").asText()).isEqualTo("is not a known field");
        assertThat(wrongType.path("field").asText()).isEqualTo("lowStockThreshold");
    }

    private void webhookCase(String name, String body, String... sent) {
        cases.add(new Case(name, webhookRequest("checkouts/create", body, DOMAIN_A, signQuietly(body), "w-" + name),
                List.of(sent)));
    }

    private void settingsCase(String body, String... sent) {
        cases.add(new Case("PUT settings " + body.substring(0, Math.min(body.length(), 40)),
                authorized("/stores/" + A + "/settings", KEY_A).PUT(HttpRequest.BodyPublishers.ofString(body)),
                List.of(sent)));
    }

    private void getCase(String path, String key, String... sent) {
        cases.add(new Case("GET " + path, authorized(path, key).GET(), List.of(sent)));
    }

    private static String signQuietly(String body) {
        try {
            return sign(body, SECRET_A);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

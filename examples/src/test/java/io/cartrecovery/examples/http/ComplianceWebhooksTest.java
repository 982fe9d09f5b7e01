package io.cartrecovery.examples.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Shopify's three mandatory compliance topics, over real HTTP, reach the service's compliance port. */
class ComplianceWebhooksTest extends ServiceTestBase {

    @Test
    void theThreeComplianceTopicsReachThePortOnceEach() throws Exception {
        String redact = """
                {"shop_id": 954889, "shop_domain": "store-a.myshopify.com",
                 "customer": {"id": 191167, "email": "john@example.com", "phone": "555-625-1199"},
                 "orders_to_redact": [299938, 280263]}""";
        String request = """
                {"shop_id": 954889, "shop_domain": "store-a.myshopify.com",
                 "customer": {"id": 191167, "email": "john@example.com", "phone": "555-625-1199"},
                 "orders_requested": [299938], "data_request": {"id": 9999}}""";
        String shop = """
                {"shop_id": 954889, "shop_domain": "store-a.myshopify.com"}""";

        HttpResponse<String> redacted = webhook("customers/redact", redact, DOMAIN_A, sign(redact, SECRET_A), "c-1");
        HttpResponse<String> requested = webhook("customers/data_request", request, DOMAIN_A,
                sign(request, SECRET_A), "c-2");
        HttpResponse<String> erased = webhook("shop/redact", shop, DOMAIN_A, sign(shop, SECRET_A), "c-3");
        HttpResponse<String> again = webhook("shop/redact", shop, DOMAIN_A, sign(shop, SECRET_A), "c-3");

        assertThat(java.util.List.of(redacted, requested, erased)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"processed\"}");
        });
        assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\"}");
        assertThat(complianceCalls).containsExactly(
                "customerRedact store-a 191167 john@example.com [299938, 280263]",
                "dataRequest store-a 191167 john@example.com [299938]",
                "shopRedact store-a null null []");
    }

    @Test
    void aComplianceWebhookForgedOrForAnotherShopReachesNothing() throws Exception {
        String otherShop = """
                {"shop_id": 1, "shop_domain": "store-b.myshopify.com"}""";

        HttpResponse<String> forged = webhook("shop/redact", otherShop, DOMAIN_A, sign(otherShop, "wrong"), "c-1");
        HttpResponse<String> mismatched = webhook("shop/redact", otherShop, DOMAIN_A, sign(otherShop, SECRET_A),
                "c-2");

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(mismatched.statusCode()).isEqualTo(400);
        assertThat(json(mismatched).path("field").asText()).isEqualTo("shop_domain");
        assertThat(complianceCalls).isEmpty();
    }
}

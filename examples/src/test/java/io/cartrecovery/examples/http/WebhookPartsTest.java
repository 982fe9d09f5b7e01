package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDeduplicatorRemembersABoundedNumberOfIds() {
        WebhookDeduplicator ids = new WebhookDeduplicator(2);
        assertThat(ids.claim("a")).isTrue();
        assertThat(ids.claim("a")).isFalse();
        assertThat(ids.claim("b")).isTrue();
        assertThat(ids.claim("c")).isTrue();
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.claim("a")).as("the oldest id was forgotten").isTrue();
        ids.release("a");
        assertThat(ids.claim("a")).isTrue();
    }

    @Test
    void theSignatureIsBase64HmacOverTheRawBody() {
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        String good = Base64.getEncoder().encodeToString(ShopifySignature.hmac(body, "secret"));
        assertThat(ShopifySignature.verify(body, good, "secret")).isTrue();
        assertThat(ShopifySignature.verify(body, good, "other")).isFalse();
        assertThat(ShopifySignature.verify("{\"id\":2}".getBytes(StandardCharsets.UTF_8), good, "secret")).isFalse();
        assertThat(ShopifySignature.verify(body, "not base64!", "secret")).isFalse();
        assertThat(ShopifySignature.verify(body, null, "secret")).isFalse();
    }

    @Test
    void aGuestCheckoutGetsAnIdThatDoesNotRevealTheAddress() throws Exception {
        String body = """
                {"token": "t1", "email": "Guest@Example.com", "currency": "USD", "total_price": "10.00",
                 "updated_at": "2026-03-02T10:00:00+01:00", "buyer_accepts_marketing": true,
                 "line_items": [{"sku": null, "variant_id": 77, "title": "Mug", "quantity": 1, "price": "10.00"}]}
                """;
        ShopifyPayloads.Checkout checkout = ShopifyPayloads.checkout("s", JSON.readTree(body));

        assertThat(checkout.customer().customerId()).startsWith("guest-").doesNotContainIgnoringCase("guest@")
                .isEqualTo(ShopifyPayloads.checkout("s", JSON.readTree(body.replace("Guest@Example", "guest@example")))
                        .customer().customerId());
        assertThat(checkout.customer().marketingConsent()).isTrue();
        assertThat(checkout.cart().items().get(0).sku()).isEqualTo("variant-77");
        assertThat(checkout.cart().lastActivityAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(checkout.cart().storefrontToken()).isNull();
    }

    @Test
    void legacyConsentAndLocaleAreRead() throws Exception {
        String body = """
                {"token": "t1", "currency": "EUR", "total_price": "5", "updated_at": "2026-03-02T10:00:00Z",
                 "customer_locale": "fr-CA",
                 "customer": {"id": 5, "email": "a@example.com", "accepts_marketing": false, "orders_count": 3,
                              "total_spent": "612.40"},
                 "line_items": [{"sku": "S", "title": "Mug", "quantity": 1, "price": "5"}]}
                """;
        ShopifyPayloads.Checkout checkout = ShopifyPayloads.checkout("s", JSON.readTree(body));
        assertThat(checkout.customer().marketingConsent()).isFalse();
        assertThat(checkout.customer().email()).isEqualTo("a@example.com");
        assertThat(checkout.customer().orderCount()).isEqualTo(3);
        assertThat(checkout.customer().lifetimeValue()).isEqualByComparingTo("612.40");
        assertThat(checkout.customer().locale()).isEqualTo(Locale.CANADA_FRENCH);
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        String item = "\"line_items\": [{\"sku\": \"S\", \"title\": \"Mug\", \"quantity\": %s, \"price\": \"5\"}]";
        String base = "{\"token\": \"t\", \"currency\": \"%s\", \"total_price\": \"%s\", "
                + "\"updated_at\": \"2026-03-02T10:00:00Z\", " + item + "}";
        assertThatThrownBy(() -> ShopifyPayloads.checkout("s", JSON.readTree(base.formatted("EURO", "5", "1"))))
                .hasMessage("currency must be an ISO 4217 code");
        assertThatThrownBy(() -> ShopifyPayloads.checkout("s", JSON.readTree(base.formatted("EUR", "five", "1"))))
                .hasMessage("total_price must be a decimal amount");
        assertThatThrownBy(() -> ShopifyPayloads.checkout("s", JSON.readTree(base.formatted("EUR", "5", "0"))))
                .hasMessage("line_items[0].quantity must be positive");
        assertThatThrownBy(() -> ShopifyPayloads.checkout("s", JSON.readTree(base.formatted("EUR", "5", "\"x\""))))
                .hasMessage("line_items[0].quantity must be a whole number");
        assertThatThrownBy(() -> ShopifyPayloads.checkout("s", JSON.readTree("[]")))
                .hasMessage("payload must be a JSON object");
        assertThatThrownBy(() -> ShopifyPayloads.order("s", JSON.readTree(
                "{\"id\": 1, \"total_price\": \"5\", \"created_at\": \"2026-03-02T10:00:00Z\"}")))
                .hasMessage("cartId or customerId must be given");
    }

    @Test
    void anOrderPointsAtItsCheckout() throws Exception {
        Order order = ShopifyPayloads.order("s", JSON.readTree("""
                {"id": 820982911946154508, "checkout_token": "t1", "total_price": "199.65",
                 "created_at": "2026-03-02T10:00:00-05:00", "processed_at": "2026-03-02T10:00:05-05:00",
                 "customer": {"id": 115310627314723954}}
                """));
        assertThat(order.orderId()).isEqualTo("820982911946154508");
        assertThat(order.cartId()).isEqualTo("t1");
        assertThat(order.customerId()).isEqualTo("115310627314723954");
        assertThat(order.total()).isEqualByComparingTo("199.65");
        assertThat(order.placedAt()).isEqualTo(Instant.parse("2026-03-02T15:00:05Z"));
    }

    @Test
    void accountsKeepTheirSecretsOutOfToString() {
        StoreAccount account = new StoreAccount("s", "s.myshopify.com", "key-123", "secret-456");
        assertThat(account.toString()).doesNotContain("key-123", "secret-456").contains("s.myshopify.com");
        assertThatThrownBy(() -> new StoreAccount("s", "d", " ", "x")).hasMessage("apiKey must not be blank");
    }
}

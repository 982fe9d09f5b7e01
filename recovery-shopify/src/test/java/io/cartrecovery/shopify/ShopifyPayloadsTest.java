package io.cartrecovery.shopify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static io.cartrecovery.shopify.Samples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping, on Shopify's documented samples for API version 2026-07 and on variations of them. */
class ShopifyPayloadsTest {
    private static final Instant SAMPLE_TIME = Instant.parse("2022-01-01T00:00:00Z"); // 2021-12-31T19:00-05:00
    private final List<String> asked = new ArrayList<>();
    private final CustomerHistory history = (storeId, customerId) -> {
        asked.add(storeId + "/" + customerId);
        return new CustomerHistory.Summary(4, new BigDecimal("812.50"));
    };

    @Test
    void theCheckoutSampleIsACartOfItsCustomerWithTheHistoryFromThePort() {
        ShopifyPayloads.Checkout checkout = ShopifyPayloads.checkout("s", sample("checkouts/create"), history);

        Cart cart = checkout.cart();
        assertThat(cart.cartId()).isEqualTo("123123123");
        assertThat(cart.storefrontToken()).isEqualTo("eeafa272cebfd4b22385bc4b645e762c");
        assertThat(cart.customerId()).isEqualTo("603851970716743426");
        assertThat(cart.currency()).isEqualTo(Currency.getInstance("USD"));
        assertThat(cart.items()).containsExactly(CartItem.of("IPOD2008PINK", "IPod Nano - 8GB", 1,
                new BigDecimal("199.00")), CartItem.of("IPOD2008PINK", "IPod Nano - 8GB", 1, new BigDecimal("199.00")));
        assertThat(cart.total()).isEqualTo(new BigDecimal("421.88"));
        assertThat(cart.restoreUrl())
                .isEqualTo("https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token");
        assertThat(cart.lastActivityAt()).isEqualTo(SAMPLE_TIME);

        Customer customer = checkout.customer();
        assertThat(customer.customerId()).isEqualTo("603851970716743426");
        assertThat(customer.email()).isEqualTo("example@email.com"); // the checkout's address, as typed
        assertThat(customer.firstName()).isEqualTo("John");
        assertThat(customer.marketingConsent()).isFalse(); // buyer_accepts_marketing
        assertThat(customer.orderCount()).isEqualTo(4);
        assertThat(customer.lifetimeValue()).isEqualTo(new BigDecimal("812.50"));
        assertThat(asked).containsExactly("s/603851970716743426"); // 2026-07 has no orders_count or total_spent

        assertThat(ShopifyPayloads.checkout("s", sample("checkouts/update"), history)).isEqualTo(checkout);
    }

    @Test
    void aCustomerThatStillCarriesItsHistoryKeepsItAndThePortIsNotAsked() {
        // before API version 2025-01 the customer of a checkout carried these
        ObjectNode json = sample("checkouts/create", s -> ((ObjectNode) s.get("customer"))
                .put("orders_count", 3).put("total_spent", "250.00")
                .set("email_marketing_consent", Samples.JSON.createObjectNode().put("state", "subscribed")));

        Customer customer = ShopifyPayloads.checkout("s", json, history).customer();

        assertThat(customer.orderCount()).isEqualTo(3);
        assertThat(customer.lifetimeValue()).isEqualTo(new BigDecimal("250.00"));
        assertThat(customer.marketingConsent()).isTrue();
        assertThat(asked).isEmpty();
    }

    @Test
    void aGuestIsOneCustomerPerAddressWhoseIdIsNotTheAddress() {
        ObjectNode guest = sample("checkouts/create", s -> s.remove("customer"));
        ObjectNode sameInCapitals = sample("checkouts/create", s -> {
            s.remove("customer");
            s.put("email", "Example@Email.com");
        });

        Customer customer = ShopifyPayloads.checkout("s", guest, history).customer();

        assertThat(customer.customerId()).startsWith("guest-").doesNotContain("example").doesNotContain("@");
        assertThat(customer.email()).isEqualTo("example@email.com");
        assertThat(customer.firstName()).isNull();
        assertThat(ShopifyPayloads.checkout("s", sameInCapitals, history).customer().customerId())
                .isEqualTo(customer.customerId());
        assertThat(ShopifyPayloads.checkout("s", guest, history).cart().customerId()).isEqualTo(customer.customerId());
        assertThat(customer.customerId()).isEqualTo(ShopifyPayloads.guestId("example@email.com"));
    }

    @Test
    void aCheckoutWithoutCustomerOrEmailIsAnAnonymousCart() {
        ObjectNode anonymous = sample("checkouts/create", s -> {
            s.remove("customer");
            s.putNull("email");
        });

        ShopifyPayloads.Checkout checkout = ShopifyPayloads.checkout("s", anonymous, history);

        assertThat(checkout.customer()).isNull();
        assertThat(checkout.cart().customerId()).isNull();
        assertThat(asked).isEmpty();
    }

    @Test
    void aCustomerWithoutAnyEmailIsKeptWithoutOne() {
        ObjectNode phoneOnly = sample("checkouts/create", s -> {
            s.putNull("email");
            ((ObjectNode) s.get("customer")).putNull("email");
        });

        Customer customer = ShopifyPayloads.checkout("s", phoneOnly, history).customer();

        assertThat(customer.customerId()).isEqualTo("603851970716743426");
        assertThat(customer.hasEmail()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"JPY, 1500, 3000", "KWD, 12.345, 24.690", "BHD, 0.125, 0.250", "USD, 0.00, 0.00"})
    void amountsAreTakenExactlyWhateverTheCurrencysDecimals(String currency, String price, String total) {
        ObjectNode json = sample("checkouts/create", s -> {
            s.put("currency", currency).put("total_price", total);
            s.get("line_items").forEach(line -> ((ObjectNode) line).put("price", price));
        });

        Cart cart = ShopifyPayloads.checkout("s", json, history).cart();

        assertThat(cart.currency().getCurrencyCode()).isEqualTo(currency);
        assertThat(cart.total()).isEqualTo(new BigDecimal(total)); // equals: the same scale, not rounded
        assertThat(cart.items()).allSatisfy(item -> assertThat(item.unitPrice()).isEqualTo(new BigDecimal(price)));
    }

    @Test
    void theOrderSampleIsAPurchaseOfItsCustomerAtItsProcessingTime() {
        Order order = ShopifyPayloads.order("s", sample("orders/create"));

        assertThat(order).isEqualTo(new Order("s", "820982911946154508", null, "115310627314723954",
                new BigDecimal("404.95"), SAMPLE_TIME));
    }

    @Test
    void aZeroValueOrderAndAGuestOrderAreMappedAndAnOrderOfNobodyIsNot() {
        Order free = ShopifyPayloads.order("s", sample("orders/create", s -> s.put("total_price", "0.00")
                .put("checkout_token", "123123123")));
        Order guest = ShopifyPayloads.order("s", sample("orders/create", s -> s.remove("customer")));
        Order nobody = ShopifyPayloads.order("s", sample("orders/create", s -> {
            s.remove("customer");
            s.remove(List.of("email", "contact_email"));
        }));

        assertThat(free.total()).isEqualTo(new BigDecimal("0.00"));
        assertThat(free.cartId()).isEqualTo("123123123");
        assertThat(guest.customerId()).isEqualTo(ShopifyPayloads.guestId("jon@example.com"));
        assertThat(nobody).isNull();
    }

    @Test
    void aBadFieldIsNamedAsShopifyNamesIt() {
        assertRefused(s -> ((ObjectNode) s.get("line_items").get(1)).put("price", "-1.00"),
                "line_items[1].price must not be negative");
        assertRefused(s -> ((ObjectNode) s.get("line_items").get(0)).put("price", "1.00001"),
                "line_items[0].price must have at most 4 decimals");
        assertRefused(s -> ((ObjectNode) s.get("line_items").get(0)).put("price", "1e5"),
                "line_items[0].price must be a decimal amount");
        assertRefused(s -> s.put("total_price", "1000000000000"), "total_price must be less than 10^12");
        assertRefused(s -> ((ObjectNode) s.get("line_items").get(0)).put("quantity", 10_001),
                "line_items[0].quantity must be at most 10000");
        assertRefused(s -> ((ObjectNode) s.get("line_items").get(0)).remove("title"),
                "line_items[0].title must be given");
        assertRefused(s -> ((ObjectNode) s.get("line_items").get(0)).remove(List.of("sku", "variant_id")),
                "line_items[0].sku or line_items[0].variant_id must be given");
        assertRefused(s -> s.put("token", "t".repeat(201)), "token must be at most 200 characters");
        assertRefused(s -> ((ObjectNode) s.get("customer")).put("id", "c".repeat(201)),
                "customer.id must be at most 200 characters");
        assertRefused(s -> s.put("abandoned_checkout_url", "ftp://shop.example.com/x"),
                "abandoned_checkout_url must be an http or https URL");
        assertRefused(s -> s.put("currency", "EURO"), "currency must be an ISO 4217 code");
        assertRefused(s -> s.put("updated_at", "yesterday"), "updated_at must be an ISO-8601 date-time with offset");
        assertRefused(s -> s.put("email", "not-an-address"), "email is not a valid email address");
        ArrayNode many = Samples.JSON.createArrayNode();
        for (int i = 0; i < 501; i++) {
            many.add(sample("checkouts/create").get("line_items").get(0));
        }
        assertRefused(s -> s.set("line_items", many), "line_items must hold at most 500 lines");
        assertThatThrownBy(() -> ShopifyPayloads.order("s", sample("orders/create", s -> s.put("total_price", "x"))))
                .hasMessage("total_price must be a decimal amount");
    }

    private void assertRefused(java.util.function.Consumer<ObjectNode> change, String message) {
        assertThatThrownBy(() -> ShopifyPayloads.checkout("s", sample("checkouts/create", change), history))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theComplianceSamplesCarryTheShopTheCustomerAndTheOrders() {
        ComplianceRequest redact = ShopifyPayloads.compliance("s", Samples.PLACEHOLDER_DOMAIN,
                sample("customers/redact"), "orders_to_redact");
        ComplianceRequest request = ShopifyPayloads.compliance("s", Samples.PLACEHOLDER_DOMAIN,
                sample("customers/data_request"), "orders_requested");
        ComplianceRequest shop = ShopifyPayloads.compliance("s", Samples.PLACEHOLDER_DOMAIN, sample("shop/redact"),
                null);

        assertThat(redact).isEqualTo(new ComplianceRequest("s", "954889", "{shop}.myshopify.com", "191167",
                "john@example.com", List.of("299938", "280263", "220458"), null));
        assertThat(redact.customerIds()).containsExactly("191167", ShopifyPayloads.guestId("john@example.com"));
        assertThat(redact.toString()).doesNotContain("john").contains("191167");
        assertThat(request.dataRequestId()).isEqualTo("9999");
        assertThat(request.orderIds()).containsExactly("299938", "280263", "220458");
        assertThat(shop).isEqualTo(new ComplianceRequest("s", "954889", "{shop}.myshopify.com", null, null,
                List.of(), null));
        assertThat(shop.customerIds()).isEmpty();
        assertThatThrownBy(() -> ShopifyPayloads.compliance("s", "other.myshopify.com", sample("shop/redact"), null))
                .hasMessage("shop_domain must be the shop of X-Shopify-Shop-Domain");
        assertThatThrownBy(() -> ShopifyPayloads.compliance("s", Samples.PLACEHOLDER_DOMAIN,
                sample("customers/redact", s -> s.remove("customer")), "orders_to_redact"))
                .hasMessage("customer must be a JSON object");
    }

    @Test
    void consentIsReadFromTheConsentTopicAndFromOldCustomerPayloadsOnly() {
        ShopifyPayloads.Consent notSubscribed = ShopifyPayloads.consent(
                sample("customers_email_marketing_consent/update"), "customer_id", "email_address");
        ShopifyPayloads.Consent unsubscribed = ShopifyPayloads.consent(sample(
                "customers_email_marketing_consent/update", s -> ((ObjectNode) s.get("email_marketing_consent"))
                        .put("state", "unsubscribed")), "customer_id", "email_address");

        assertThat(notSubscribed).isEqualTo(new ShopifyPayloads.Consent("706405506930370084", "bob@biller.com",
                false));
        assertThat(unsubscribed.unsubscribed()).isTrue();
        assertThat(ShopifyPayloads.consent(sample("customers/update"), "id", "email")).isNull(); // 2025-01 and later
        assertThat(ShopifyPayloads.consent(sample("customers/update", s -> s.set("email_marketing_consent",
                Samples.JSON.createObjectNode().put("state", "redacted"))), "id", "email").unsubscribed()).isTrue();
    }

    @Test
    void aBodyMustBeOneJsonValueWithoutRepeatedKeys() {
        assertThatThrownBy(() -> ShopifyPayloads.parse("{\"a\": 1}{\"b\": 2}".getBytes()))
                .hasMessage("body must be one JSON value with nothing after it");
        assertThatThrownBy(() -> ShopifyPayloads.parse("{\"a\": 1} xyz".getBytes()))
                .hasMessage("body is not well-formed JSON");
        assertThatThrownBy(() -> ShopifyPayloads.parse("{\"currency\": 1, \"currency\": 2}".getBytes()))
                .hasMessage("currency must not appear twice");
        assertThatThrownBy(() -> ShopifyPayloads.parse("{\"token\": ".getBytes()))
                .hasMessage("body is not well-formed JSON");
    }
}

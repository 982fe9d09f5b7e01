package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Order;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Maps Shopify webhook payloads ({@code checkouts/create}, {@code checkouts/update}, {@code orders/create}) to
 * the engine's values. The checkout's {@code token} is the cart id (orders name it {@code checkout_token}), its
 * {@code cart_token} the storefront token. A bad or missing field is an {@link IllegalArgumentException} naming
 * it.
 */
final class ShopifyPayloads {
    static final int MAX_INTEGER_DIGITS = 12;
    static final int MAX_DECIMALS = 4;

    /** A checkout as the engine sees it; {@code customer} is {@code null} for an anonymous checkout. */
    record Checkout(Cart cart, Customer customer) {}

    private ShopifyPayloads() {}

    static Checkout checkout(String storeId, JsonNode json) {
        requireObject(json, "payload");
        String cartId = text(json, "token", true);
        Customer customer = customer(storeId, json);
        List<CartItem> items = new ArrayList<>();
        JsonNode lines = json.get("line_items");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            throw new IllegalArgumentException("line_items must be a non-empty array");
        }
        for (int i = 0; i < lines.size(); i++) {
            items.add(item(lines.get(i), "line_items[" + i + "]"));
        }
        Cart cart = new Cart(storeId, cartId, customer == null ? null : customer.customerId(),
                text(json, "cart_token", false), currency(json), items, money(json, "total_price", true),
                text(json, "abandoned_checkout_url", false), instant(json, "updated_at"));
        return new Checkout(cart, customer);
    }

    static Order order(String storeId, JsonNode json) {
        requireObject(json, "payload");
        String orderId = text(json, "id", true);
        Customer customer = customer(storeId, json);
        Instant placedAt = json.hasNonNull("processed_at") ? instant(json, "processed_at") : instant(json, "created_at");
        return new Order(storeId, orderId, text(json, "checkout_token", false),
                customer == null ? null : customer.customerId(), money(json, "total_price", true), placedAt);
    }

    /**
     * The buyer: Shopify's customer id, or for a guest a stable id derived from the address (never the address
     * itself, which must stay out of ids and logs); {@code null} without either.
     */
    private static Customer customer(String storeId, JsonNode json) {
        JsonNode c = json.path("customer");
        String email = text(json, "email", false);
        if (email == null && c.isObject()) {
            email = text(c, "email", false);
        }
        String customerId = c.isObject() ? text(c, "id", false) : null;
        if (customerId == null && email == null) {
            return null;
        }
        if (customerId == null) {
            customerId = "guest-" + digest(email.toLowerCase(Locale.ROOT));
        }
        int orders = c.path("orders_count").asInt(0);
        if (orders < 0) {
            throw new IllegalArgumentException("customer.orders_count must not be negative");
        }
        BigDecimal spent = c.hasNonNull("total_spent") ? money(c, "total_spent", true) : BigDecimal.ZERO;
        String locale = text(json, "customer_locale", false);
        return new Customer(storeId, customerId, email, c.isObject() ? text(c, "first_name", false) : null,
                locale == null ? null : Locale.forLanguageTag(locale), null, orders, spent, consent(json, c));
    }

    /** Newer payloads carry {@code email_marketing_consent.state}, older ones {@code accepts_marketing}. */
    private static boolean consent(JsonNode json, JsonNode customer) {
        JsonNode state = customer.path("email_marketing_consent").path("state");
        if (state.isTextual()) {
            return state.asText().equalsIgnoreCase("subscribed");
        }
        if (customer.has("accepts_marketing")) {
            return customer.path("accepts_marketing").asBoolean(false);
        }
        return json.path("buyer_accepts_marketing").asBoolean(false);
    }

    private static CartItem item(JsonNode line, String field) {
        requireObject(line, field);
        String sku = text(line, "sku", false);
        if (sku == null) {
            String variant = text(line, "variant_id", false);
            if (variant == null) {
                throw new IllegalArgumentException(field + ".sku or " + field + ".variant_id must be given");
            }
            sku = "variant-" + variant;
        }
        JsonNode quantity = line.get("quantity");
        if (quantity == null || !quantity.canConvertToInt()) {
            throw new IllegalArgumentException(field + ".quantity must be a whole number");
        }
        String title = text(line, "title", true);
        try {
            return new CartItem(sku, title, quantity.intValue(), money(line, "price", true), null, null);
        } catch (IllegalArgumentException e) {
            // the engine names its own fields; the client knows Shopify's
            throw new IllegalArgumentException(field + "." + e.getMessage().replaceFirst("^unitPrice\\b", "price"), e);
        }
    }

    private static Currency currency(JsonNode json) {
        String code = text(json, "currency", true);
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code", e);
        }
    }

    private static BigDecimal money(JsonNode json, String field, boolean required) {
        String value = text(json, field, required);
        try {
            return amount(new BigDecimal(value), field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a decimal amount", e);
        }
    }

    /**
     * {@code value} if it is an amount of money: at most {@value #MAX_INTEGER_DIGITS} digits before the point and
     * {@value #MAX_DECIMALS} after. The bound keeps values like {@code 1e999999999} (one digit, a huge exponent)
     * out of the engine, where printing or rescaling them would take the whole heap.
     */
    static BigDecimal amount(BigDecimal value, String field) {
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS || value.scale() > MAX_DECIMALS) {
            throw new IllegalArgumentException(field + " must be an amount of at most " + MAX_INTEGER_DIGITS
                    + " digits and " + MAX_DECIMALS + " decimals");
        }
        return value;
    }

    private static Instant instant(JsonNode json, String field) {
        String value = text(json, field, true);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 date-time with offset", e);
        }
    }

    /** A string or number field as text; blank counts as missing. */
    private static String text(JsonNode json, String field, boolean required) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                throw new IllegalArgumentException(field + " must be given");
            }
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new IllegalArgumentException(field + " must be a string or a number");
        }
        return node.asText();
    }

    private static void requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(field + " must be a JSON object");
        }
    }

    private static String digest(String value) {
        return HexFormat.of().formatHex(ShopifySignature.sha256(value), 0, 12);
    }
}

package io.cartrecovery.shopify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Order;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Maps Shopify payloads to the engine's values. A checkout's {@code token} is the cart id (orders name it
 * {@code checkout_token}), its {@code cart_token} the storefront token; amounts are the shop currency's
 * ({@code currency}, {@code total_price}, {@code line_items[i].price}) and are taken exactly as written, whatever
 * the currency's decimals. Every value is checked by the engine's own rules ({@link Limits}); a bad or missing
 * field is an {@link IllegalArgumentException} that names it as Shopify does ({@code line_items[2].price}).
 */
final class ShopifyPayloads {
    /** Strict: one JSON value with nothing after it, no key twice in an object. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    /** A plain decimal as Shopify writes amounts; no exponent, so no {@code 1e999999999}. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,40}(\\.\\d{1,40})?");

    /** A checkout as the engine sees it; {@code customer} is {@code null} without a customer id or an email. */
    record Checkout(Cart cart, Customer customer) {}

    /** A consent change: the customer, the address (or {@code null}) and whether they unsubscribed. */
    record Consent(String customerId, String email, boolean unsubscribed) {}

    private ShopifyPayloads() {}

    /** The body as one JSON value; what Jackson says is not passed on (it quotes the input). */
    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("body exceeds the JSON limits (nesting depth, number or text length)");
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Trailing token")) {
                throw new IllegalArgumentException("body must be one JSON value with nothing after it");
            }
            if (message.startsWith("Duplicate field '")) {
                String name = message.substring("Duplicate field '".length(), message.indexOf('\'', 17));
                throw new IllegalArgumentException((name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}") ? name : "body")
                        + " must not appear twice");
            }
            throw new IllegalArgumentException("body is not well-formed JSON");
        }
    }

    static Checkout checkout(String storeId, JsonNode json, CustomerHistory history) {
        requireObject(json, "payload");
        String cartId = text(json, "token", true);
        Customer customer = customer(storeId, json, history);
        JsonNode lines = json.get("line_items");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            throw new IllegalArgumentException("line_items must be a non-empty array");
        }
        if (lines.size() > Limits.MAX_ITEMS) {
            throw new IllegalArgumentException("line_items must hold at most " + Limits.MAX_ITEMS + " lines");
        }
        List<CartItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            items.add(item(lines.get(i), "line_items[" + i + "]"));
        }
        Currency currency = currency(json);
        BigDecimal total = money(json, "total_price");
        String restoreUrl = text(json, "abandoned_checkout_url", false);
        Instant updatedAt = instant(json, "updated_at");
        Cart cart = named("", Map.of("cartId", "token", "storefrontToken", "cart_token", "total", "total_price",
                "restoreUrl", "abandoned_checkout_url"), () -> new Cart(storeId, cartId,
                customer == null ? null : customer.customerId(), text(json, "cart_token", false), currency, items,
                total, restoreUrl, updatedAt));
        return new Checkout(cart, customer);
    }

    /** The order, or {@code null} when it names neither a checkout nor a buyer (nothing it could recover). */
    static Order order(String storeId, JsonNode json) {
        requireObject(json, "payload");
        String orderId = text(json, "id", true);
        String checkout = text(json, "checkout_token", false);
        String customerId = buyerId(json);
        if (checkout == null && customerId == null) {
            return null;
        }
        BigDecimal total = money(json, "total_price");
        Instant placedAt = json.hasNonNull("processed_at") ? instant(json, "processed_at") : instant(json, "created_at");
        return named("", Map.of("orderId", "id", "cartId", "checkout_token", "customerId", "customer.id",
                "total", "total_price"), () -> new Order(storeId, orderId, checkout, customerId, total, placedAt));
    }

    /**
     * {@code customers_email_marketing_consent/update} ({@code customer_id}, {@code email_address},
     * {@code email_marketing_consent.state}), or a {@code customers/update} that still carries
     * {@code email_marketing_consent} (before 2025-01); {@code null} when the payload says nothing about it.
     */
    static Consent consent(JsonNode json, String idField, String emailField) {
        requireObject(json, "payload");
        JsonNode state = json.path("email_marketing_consent").path("state");
        if (!state.isTextual()) {
            return null;
        }
        String customerId = id(json, idField, true);
        String email = text(json, emailField, false);
        String value = state.asText().toLowerCase(Locale.ROOT);
        // "redacted": Shopify erased the customer; never email them again either
        return new Consent(customerId, email, value.equals("unsubscribed") || value.equals("redacted"));
    }

    /** A compliance webhook's fields; {@code customer} and {@code orders} are read only when named. */
    static ComplianceRequest compliance(String storeId, String shopDomain, JsonNode json, String ordersField) {
        requireObject(json, "payload");
        String domain = text(json, "shop_domain", true);
        if (!domain.equalsIgnoreCase(shopDomain)) {
            throw new IllegalArgumentException("shop_domain must be the shop of X-Shopify-Shop-Domain");
        }
        String shopId = id(json, "shop_id", true);
        if (ordersField == null) {
            return new ComplianceRequest(storeId, shopId, domain, null, null, List.of(), null);
        }
        JsonNode customer = json.get("customer");
        requireObject(customer, "customer");
        String customerId = id(customer, "id", true, "customer.id");
        String email = text(customer, "email", false);
        List<String> orders = new ArrayList<>();
        JsonNode list = json.path(ordersField);
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new IllegalArgumentException(ordersField + " must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            orders.add(id(list, i, ordersField + "[" + i + "]"));
        }
        String dataRequestId = json.has("data_request")
                ? id(json.path("data_request"), "id", true, "data_request.id") : null;
        return new ComplianceRequest(storeId, shopId, domain, customerId, email, orders, dataRequestId);
    }

    /**
     * The id a guest (a checkout with an email and no customer) gets: derived from the address, lowercased, so
     * that every checkout of the address is one customer, and never the address itself, which must stay out of
     * ids and logs.
     */
    static String guestId(String email) {
        return "guest-" + ShopifySignature.digest(email.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The buyer: Shopify's customer id or a guest id; history from the payload where it still has it
     * ({@code customer.orders_count}, {@code customer.total_spent}, before API version 2025-01), else from
     * {@code history}; {@code null} without an id or an email.
     */
    private static Customer customer(String storeId, JsonNode json, CustomerHistory history) {
        JsonNode c = json.path("customer");
        String email = email(json);
        String customerId = buyerId(json);
        if (customerId == null) {
            return null;
        }
        CustomerHistory.Summary summary;
        if (c.has("orders_count") || c.has("total_spent")) {
            JsonNode orders = c.path("orders_count");
            if (!orders.isMissingNode() && !orders.canConvertToInt()) {
                throw new IllegalArgumentException("customer.orders_count must be a whole number");
            }
            summary = new CustomerHistory.Summary(orders.asInt(0),
                    c.hasNonNull("total_spent") ? money(c, "total_spent", "customer.total_spent") : BigDecimal.ZERO);
        } else {
            summary = history.summary(storeId, customerId);
        }
        String locale = text(json, "customer_locale", false);
        String firstName = c.isObject() ? text(c, "first_name", false) : null;
        boolean consent = consent(json, c);
        return named("", Map.of("customerId", "customer.id", "firstName", "customer.first_name",
                "orderCount", "customer.orders_count", "lifetimeValue", "customer.total_spent"), () -> new Customer(
                storeId, customerId, email, firstName, locale == null ? null : Locale.forLanguageTag(locale), null,
                summary.orderCount(), summary.lifetimeValue(), consent));
    }

    private static String buyerId(JsonNode json) {
        JsonNode c = json.path("customer");
        String customerId = c.isObject() ? id(c, "id", false, "customer.id") : null;
        if (customerId != null) {
            return customerId;
        }
        String email = email(json);
        return email == null ? null : guestId(email);
    }

    private static String email(JsonNode json) {
        String email = text(json, "email", false);
        if (email == null) {
            email = text(json, "contact_email", false);
        }
        JsonNode c = json.path("customer");
        if (email == null && c.isObject()) {
            email = text(c, "email", false);
        }
        return email;
    }

    /**
     * The customer's marketing consent: {@code email_marketing_consent.state} of the customer where the API
     * version still sends it, else {@code accepts_marketing} (older versions), else the checkout's or order's
     * {@code buyer_accepts_marketing}.
     */
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
        String sku = text(line, "sku", false, field + ".sku");
        if (sku == null) {
            String variant = id(line, "variant_id", false, field + ".variant_id");
            if (variant == null) {
                throw new IllegalArgumentException(field + ".sku or " + field + ".variant_id must be given");
            }
            sku = "variant-" + variant;
        }
        JsonNode quantity = line.get("quantity");
        if (quantity == null || !quantity.canConvertToInt()) {
            throw new IllegalArgumentException(field + ".quantity must be a whole number");
        }
        String title = text(line, "title", true, field + ".title");
        BigDecimal price = money(line, "price", field + ".price");
        String itemSku = sku;
        return named(field + ".", Map.of("unitPrice", "price"),
                () -> new CartItem(itemSku, title, quantity.intValue(), price, null, null));
    }

    private static Currency currency(JsonNode json) {
        String code = text(json, "currency", true);
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code", e);
        }
    }

    private static BigDecimal money(JsonNode json, String field) {
        return money(json, field, field);
    }

    /** A decimal amount written as a string (or a whole number); checked against the limits by the engine. */
    private static BigDecimal money(JsonNode json, String field, String name) {
        String value = text(json, field, true, name);
        if (!DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a decimal amount");
        }
        BigDecimal amount = new BigDecimal(value);
        // the engine's limits, under the payload's name: build a throwaway item with the amount as its price
        named(name.substring(0, name.length() - field.length()), Map.of("unitPrice", field),
                () -> CartItem.of("check", "check", 1, amount));
        return amount;
    }

    private static Instant instant(JsonNode json, String field) {
        String value = text(json, field, true);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 date-time with offset", e);
        }
    }

    private static String id(JsonNode json, String field, boolean required) {
        return id(json, field, required, field);
    }

    /** An id, string or whole number, within the engine's id length. */
    private static String id(JsonNode json, String field, boolean required, String name) {
        String value = text(json, field, required, name);
        if (value != null && value.length() > Limits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must be at most " + Limits.MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static String id(JsonNode list, int index, String name) {
        JsonNode node = list.get(index);
        if (node == null || !(node.isTextual() || node.canConvertToLong()) || node.asText().isBlank()
                || node.asText().length() > Limits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must be an id");
        }
        return node.asText();
    }

    private static String text(JsonNode json, String field, boolean required) {
        return text(json, field, required, field);
    }

    /** A string or number field as text, named {@code name} in errors; blank counts as missing. */
    private static String text(JsonNode json, String field, boolean required, String name) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                throw new IllegalArgumentException(name + " must be given");
            }
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be a string or a whole number");
        }
        return node.asText();
    }

    private static void requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(field + " must be a JSON object");
        }
    }

    /**
     * Builds a value with the engine's checks, renaming the engine's field in a refusal to the payload's:
     * {@code prefix} plus {@code names}' entry (the engine's own name where none is given).
     */
    private static <T> T named(String prefix, Map<String, String> names, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int space = message.indexOf(' ');
            String field = space < 0 ? message : message.substring(0, space);
            throw new IllegalArgumentException(prefix + names.getOrDefault(field, field)
                    + (space < 0 ? "" : message.substring(space)), e);
        }
    }
}

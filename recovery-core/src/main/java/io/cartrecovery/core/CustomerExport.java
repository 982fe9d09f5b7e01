package io.cartrecovery.core;

import io.cartrecovery.core.internal.JsonWriter;

import java.util.List;

/**
 * Everything a store holds about one customer, for a data request (GDPR art. 15, Shopify's
 * {@code customers/data_request}): {@link #toJson()} is what to hand over.
 *
 * @param storeId         the store
 * @param customerId      the customer
 * @param customer        the customer record, or {@code null} when the store has none
 * @param carts           the customer's cart snapshots
 * @param sequences       the customer's recovery sequences, with their plans and step outcomes, oldest first
 * @param events          the events about the customer or their sequences, in the order they were recorded
 * @param optedOut        whether the customer is on the suppression list (opted out)
 * @param emailSuppressed whether the customer's current address is on the suppression list
 */
public record CustomerExport(String storeId, String customerId, Customer customer, List<Cart> carts,
                             List<RecoverySequence> sequences, List<RecoveryEvent> events, boolean optedOut,
                             boolean emailSuppressed) {

    public CustomerExport {
        Checks.id(storeId, "storeId");
        Checks.id(customerId, "customerId");
        carts = List.copyOf(Checks.notNull(carts, "carts"));
        sequences = List.copyOf(Checks.notNull(sequences, "sequences"));
        events = List.copyOf(Checks.notNull(events, "events"));
    }

    /** Whether the store holds nothing about the customer. */
    public boolean isEmpty() {
        return customer == null && carts.isEmpty() && sequences.isEmpty() && events.isEmpty() && !optedOut
                && !emailSuppressed;
    }

    /** The export as one JSON object; instants in ISO-8601, amounts as decimal numbers, durations in ISO-8601. */
    public String toJson() {
        JsonWriter json = new JsonWriter().beginObject()
                .field("storeId", storeId).field("customerId", customerId);
        json.name("customer");
        if (customer == null) {
            json.value(null);
        } else {
            customer(json, customer);
        }
        json.name("carts").beginArray();
        carts.forEach(cart -> cart(json, cart));
        json.endArray().name("sequences").beginArray();
        sequences.forEach(sequence -> sequence(json, sequence));
        json.endArray().name("events").beginArray();
        events.forEach(event -> json.beginObject().field("type", event.type()).field("at", event.at())
                .field("sequenceId", event.sequenceId()).field("cartId", event.cartId())
                .field("stepId", event.stepId()).field("variant", event.variant()).field("value", event.value())
                .field("detail", event.detail()).endObject());
        json.endArray().name("suppression").beginObject().field("optedOut", optedOut)
                .field("emailSuppressed", emailSuppressed).endObject();
        return json.endObject().toString();
    }

    @Override
    public String toString() {
        // Personal data stays out of logs.
        return "CustomerExport[storeId=" + storeId + ", carts=" + carts.size() + ", sequences=" + sequences.size()
                + ", events=" + events.size() + "]";
    }

    private static void customer(JsonWriter json, Customer c) {
        json.beginObject().field("email", c.email()).field("firstName", c.firstName())
                .field("locale", c.locale() == null ? null : c.locale().toLanguageTag())
                .field("timeZone", c.timeZone()).field("orderCount", c.orderCount())
                .field("lifetimeValue", c.lifetimeValue()).field("marketingConsent", c.marketingConsent())
                .endObject();
    }

    private static void cart(JsonWriter json, Cart cart) {
        json.beginObject().field("cartId", cart.cartId()).field("storefrontToken", cart.storefrontToken())
                .field("currency", cart.currency().getCurrencyCode()).field("total", cart.total())
                .field("restoreUrl", cart.restoreUrl()).field("lastActivityAt", cart.lastActivityAt())
                .name("items").beginArray();
        for (CartItem item : cart.items()) {
            json.beginObject().field("sku", item.sku()).field("title", item.title())
                    .field("quantity", item.quantity()).field("unitPrice", item.unitPrice())
                    .field("imageUrl", item.imageUrl()).endObject();
        }
        json.endArray().endObject();
    }

    private static void sequence(JsonWriter json, RecoverySequence s) {
        json.beginObject().field("id", s.id()).field("cartId", s.cartId()).field("type", s.type())
                .field("variant", s.variant()).field("status", s.status()).field("stopReason", s.stopReason())
                .field("abandonedAt", s.abandonedAt()).field("startedAt", s.startedAt())
                .field("endedAt", s.endedAt()).name("steps").beginArray();
        for (StepDefinition step : s.plan()) {
            json.beginObject().field("id", step.id()).field("offset", step.offset())
                    .field("channel", step.channel()).field("tone", step.tone())
                    .field("incentiveCode", step.incentive() == null ? null : step.incentive().code()).endObject();
        }
        json.endArray().name("outcomes").beginArray();
        for (StepOutcome outcome : s.outcomes()) {
            json.beginObject().field("stepId", outcome.stepId()).field("status", outcome.status())
                    .field("reason", outcome.reason()).field("attempts", outcome.attempts())
                    .field("at", outcome.at()).endObject();
        }
        json.endArray().endObject();
    }
}

package io.cartrecovery.core;

/**
 * One message handed to a {@link Sender}.
 *
 * @param idempotencyKey {@code sequenceId:stepId}, the same on every attempt; email senders derive the Message-ID from it
 * @param settings       the store's settings
 * @param sequenceId     the sequence
 * @param step           the step
 * @param cart           the cart (its storefront token addresses popups)
 * @param customer       the customer (its address receives emails)
 * @param message        what to deliver
 */
public record Delivery(String idempotencyKey, StoreSettings settings, String sequenceId, StepDefinition step,
                       Cart cart, Customer customer, Message message) {

    public Delivery {
        Checks.id(idempotencyKey, "idempotencyKey");
        Checks.notNull(settings, "settings");
        Checks.id(sequenceId, "sequenceId");
        Checks.notNull(step, "step");
        Checks.notNull(cart, "cart");
        Checks.notNull(customer, "customer");
        Checks.notNull(message, "message");
    }

    public String storeId() {
        return settings.storeId();
    }

    public Channel channel() {
        return step.channel();
    }
}

package io.cartrecovery.core;

import java.net.URI;
import java.time.Instant;

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
 * @param unsubscribeUrl signed one-click unsubscribe URL for {@code List-Unsubscribe}, or {@code null} when the
 *                       store has no link configuration
 * @param validUntil     when the next step is due and this message goes stale (a popup not shown by then is
 *                       dropped), or {@code null} for the last step
 */
public record Delivery(String idempotencyKey, StoreSettings settings, String sequenceId, StepDefinition step,
                       Cart cart, Customer customer, Message message, URI unsubscribeUrl, Instant validUntil) {

    /** A delivery with no unsubscribe URL and no expiry. */
    public Delivery(String idempotencyKey, StoreSettings settings, String sequenceId, StepDefinition step, Cart cart,
                    Customer customer, Message message) {
        this(idempotencyKey, settings, sequenceId, step, cart, customer, message, null, null);
    }

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

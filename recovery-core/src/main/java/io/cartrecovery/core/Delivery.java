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
 * @param attempt        which attempt at this step this is, and whether an earlier one may have been delivered
 */
public record Delivery(String idempotencyKey, StoreSettings settings, String sequenceId, StepDefinition step,
                       Cart cart, Customer customer, Message message, URI unsubscribeUrl, Instant validUntil,
                       Attempt attempt) {

    /** A first attempt with no unsubscribe URL and no expiry. */
    public Delivery(String idempotencyKey, StoreSettings settings, String sequenceId, StepDefinition step, Cart cart,
                    Customer customer, Message message) {
        this(idempotencyKey, settings, sequenceId, step, cart, customer, message, null, null, Attempt.FIRST);
    }

    /** A first attempt. */
    public Delivery(String idempotencyKey, StoreSettings settings, String sequenceId, StepDefinition step, Cart cart,
                    Customer customer, Message message, URI unsubscribeUrl, Instant validUntil) {
        this(idempotencyKey, settings, sequenceId, step, cart, customer, message, unsubscribeUrl, validUntil,
                Attempt.FIRST);
    }

    /**
     * Which attempt at a step a delivery is. Every attempt of one step carries the same idempotency key. When
     * {@code previousOutcomeUnknown} is set, an earlier attempt was claimed but its outcome was never recorded (the
     * node that made it died between its send and its completion, or lost its lease): that attempt may have
     * been delivered, so a channel that cannot deduplicate by the key should ask its provider before sending
     * again.
     *
     * @param number                 1 for the first attempt, counting every claim of the step
     * @param previousOutcomeUnknown whether an earlier attempt may have been delivered
     */
    public record Attempt(int number, boolean previousOutcomeUnknown) {
        /** The first attempt at a step. */
        public static final Attempt FIRST = new Attempt(1, false);

        public Attempt {
            Checks.positive(number, "number");
            if (number == 1 && previousOutcomeUnknown) {
                throw new IllegalArgumentException("a first attempt has no previous outcome");
            }
        }

        /** Whether this attempt may repeat one that was delivered. */
        public boolean possibleRepeat() {
            return previousOutcomeUnknown;
        }
    }

    public Delivery {
        Checks.id(idempotencyKey, "idempotencyKey");
        Checks.notNull(settings, "settings");
        Checks.id(sequenceId, "sequenceId");
        Checks.notNull(step, "step");
        Checks.notNull(cart, "cart");
        Checks.notNull(customer, "customer");
        Checks.notNull(message, "message");
        Checks.notNull(attempt, "attempt");
    }

    public String storeId() {
        return settings.storeId();
    }

    public Channel channel() {
        return step.channel();
    }
}

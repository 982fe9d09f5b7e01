package io.cartrecovery.core;

import java.util.Locale;

/**
 * Everything a {@link MessageGenerator} may use to write one message.
 *
 * @param settings the store's settings
 * @param cart     the abandoned cart
 * @param customer the customer (generators must not send the address to third parties)
 * @param type     the customer's segment
 * @param step     the step being written, with its tone and incentive
 * @param locale   the language to write in, already resolved (customer, then store)
 * @param variant  the experiment variant, or {@code null}
 */
public record MessageRequest(StoreSettings settings, Cart cart, Customer customer, SequenceType type,
                             StepDefinition step, Locale locale, String variant) {

    public MessageRequest {
        Checks.notNull(settings, "settings");
        Checks.notNull(cart, "cart");
        Checks.notNull(customer, "customer");
        Checks.notNull(type, "type");
        Checks.notNull(step, "step");
        Checks.notNull(locale, "locale");
    }

    /** The step's tone. */
    public Tone tone() {
        return step.tone();
    }

    /** The step's incentive, or {@code null}. */
    public Incentive incentive() {
        return step.incentive();
    }
}

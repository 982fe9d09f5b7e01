package io.cartrecovery.core;

/**
 * What running a due step reads before its claim, in one call to {@link RecoveryStore#stepContext}: the sequence,
 * its cart and customer snapshots, and whether the customer's email address is on the suppression list.
 *
 * @param sequence        the sequence
 * @param cart            the cart snapshot, or {@code null} when it is gone
 * @param customer        the customer snapshot, or {@code null} when it is gone
 * @param emailSuppressed whether the customer has an email address and it is suppressed
 */
public record StepContext(RecoverySequence sequence, Cart cart, Customer customer, boolean emailSuppressed) {

    public StepContext {
        Checks.notNull(sequence, "sequence");
    }
}

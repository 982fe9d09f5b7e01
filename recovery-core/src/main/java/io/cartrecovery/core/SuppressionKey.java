package io.cartrecovery.core;

import java.util.Locale;

/**
 * An entry of a store's suppression list: a customer who opted out, or an address that must get no email.
 *
 * @param kind  customer or email address
 * @param value the customer id, or the address in lower case (see {@link EmailAddress})
 */
public record SuppressionKey(Kind kind, String value) {

    /** What is suppressed. */
    public enum Kind { CUSTOMER, EMAIL }

    public SuppressionKey {
        Checks.notNull(kind, "kind");
        Checks.text(value, "value", kind == Kind.EMAIL ? Limits.MAX_EMAIL_LENGTH : Limits.MAX_ID_LENGTH);
    }

    public static SuppressionKey customer(String customerId) {
        return new SuppressionKey(Kind.CUSTOMER, customerId);
    }

    /** The address (see {@link EmailAddress}), normalized to lower case so that case variants match. */
    public static SuppressionKey email(String address) {
        EmailAddress.check(address, "address");
        return new SuppressionKey(Kind.EMAIL, address.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "SuppressionKey[" + kind + "]";
    }
}

package io.cartrecovery.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An entry of a store's suppression list: a customer who opted out, or an address that must get no email. The
 * key holds only a one-way digest of the customer id or address, so a suppression list (which outlives an erased
 * customer's data, so that they are never emailed again) keeps no address or id in plain text.
 *
 * @param kind  customer or email address
 * @param value the lower-case hex SHA-256 of the customer id, or of the address in lower case (see
 *              {@link EmailAddress}), as UTF-8
 */
public record SuppressionKey(Kind kind, String value) {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /** What is suppressed. */
    public enum Kind { CUSTOMER, EMAIL }

    public SuppressionKey {
        Checks.notNull(kind, "kind");
        Checks.notNull(value, "value");
        if (!DIGEST.matcher(value).matches()) {
            throw new IllegalArgumentException("value must be a lower-case hex SHA-256 digest");
        }
    }

    public static SuppressionKey customer(String customerId) {
        Checks.id(customerId, "customerId");
        return new SuppressionKey(Kind.CUSTOMER, digest(customerId));
    }

    /** The address (see {@link EmailAddress}), normalized to lower case so that case variants match. */
    public static SuppressionKey email(String address) {
        EmailAddress.check(address, "address");
        return new SuppressionKey(Kind.EMAIL, digest(address.toLowerCase(Locale.ROOT)));
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SuppressionKey[" + kind + "]";
    }
}

package io.cartrecovery.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

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
    private static final int DIGEST_LENGTH = 64;
    private static final MessageDigest SHA_256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What is suppressed. */
    public enum Kind { CUSTOMER, EMAIL }

    public SuppressionKey {
        Checks.notNull(kind, "kind");
        Checks.notNull(value, "value");
        if (!isDigest(value)) {
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
            MessageDigest sha256 = (MessageDigest) SHA_256.clone(); // cheaper than a provider lookup per key
            return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
    }

    private static boolean isDigest(String value) {
        if (value.length() != DIGEST_LENGTH) {
            return false;
        }
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "SuppressionKey[" + kind + "]";
    }
}

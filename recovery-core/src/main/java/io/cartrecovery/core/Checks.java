package io.cartrecovery.core;

import io.cartrecovery.core.internal.Arguments;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;

/** Argument checks shared by the value types, on the {@link Limits}; every failure names the offending field. */
final class Checks {
    private static final int MAX_STRIPPED_SCALE = 64;
    private static final BigDecimal AMOUNT_BOUND = BigDecimal.TEN.pow(Limits.MAX_AMOUNT_INTEGER_DIGITS);

    private Checks() {}

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    static String id(String value, String field) {
        return text(value, field, Limits.MAX_ID_LENGTH);
    }

    static String optionalText(String value, String field) {
        return optionalText(value, field, Limits.MAX_TEXT_LENGTH);
    }

    static String text(String value, String field) {
        return text(value, field, Limits.MAX_TEXT_LENGTH);
    }

    /** Not blank, at most {@code max} characters without control characters. */
    static String text(String value, String field, int max) {
        return Arguments.text(value, field, max);
    }

    /** {@code null}, or at most {@code max} characters without control characters. */
    static String optionalText(String value, String field, int max) {
        return Arguments.optionalText(value, field, max);
    }

    /** See {@link Arguments#noControls}. */
    static String noControls(String value, String field) {
        return Arguments.noControls(value, field);
    }

    static String optionalEmail(String value, String field) {
        return value == null ? null : EmailAddress.check(value, field);
    }

    /**
     * {@code null}, or an absolute http(s) URL with a host and no user info, in printable ASCII (non-ASCII
     * characters must be percent-encoded), of at most {@link Limits#MAX_URL_LENGTH} characters.
     */
    static String optionalUrl(String value, String field) {
        return optionalUrl(value, field, Limits.MAX_URL_LENGTH);
    }

    /** {@link #optionalUrl(String, String)} of at most {@code max} characters. */
    static String optionalUrl(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(field + " must be printable ASCII (percent-encode other characters)");
            }
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL");
        }
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(field + " must be an http or https URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(field + " must not contain user info (user@host)");
        }
        return value;
    }

    /**
     * A non-negative amount below 10^{@value Limits#MAX_AMOUNT_INTEGER_DIGITS} with at most
     * {@value Limits#MAX_AMOUNT_SCALE} significant decimals.
     */
    static BigDecimal amount(BigDecimal value, String field) {
        nonNegative(value, field);
        if (value.compareTo(AMOUNT_BOUND) >= 0) {
            throw new IllegalArgumentException(field + " must be less than 10^" + Limits.MAX_AMOUNT_INTEGER_DIGITS);
        }
        // Past a few dozen decimals the value is refused without stripping: stripping a huge one is slow.
        if (value.scale() > Limits.MAX_AMOUNT_SCALE && (value.scale() > MAX_STRIPPED_SCALE
                || value.stripTrailingZeros().scale() > Limits.MAX_AMOUNT_SCALE)) {
            throw new IllegalArgumentException(field + " must have at most " + Limits.MAX_AMOUNT_SCALE + " decimals");
        }
        return value;
    }

    static BigDecimal nonNegative(BigDecimal value, String field) {
        notNull(value, field);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }

    /** A cart line's quantity: 1 to {@value Limits#MAX_QUANTITY}. */
    static int quantity(int value, String field) {
        positive(value, field);
        if (value > Limits.MAX_QUANTITY) {
            throw new IllegalArgumentException(field + " must be at most " + Limits.MAX_QUANTITY);
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return value;
    }

    static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }

    static <C extends Collection<?>> C notEmpty(C values, String field) {
        notNull(values, field);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not contain null");
            }
        }
        return values;
    }
}

package io.cartrecovery.core;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.regex.Pattern;

/** Argument checks shared by the value types; every failure names the offending field. */
final class Checks {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_TEXT_LENGTH = 1_000;

    private Checks() {}

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    static String id(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_ID_LENGTH + " characters");
        }
        noLineBreaks(value, field);
        return value;
    }

    static String optionalText(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        return noLineBreaks(value, field);
    }

    static String text(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return optionalText(value, field);
    }

    static String noLineBreaks(String value, String field) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException(field + " must not contain CR or LF");
        }
        return value;
    }

    static String optionalEmail(String value, String field) {
        if (value == null) {
            return null;
        }
        noLineBreaks(value, field);
        if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " is not a valid email address");
        }
        return value;
    }

    static String optionalUrl(String value, String field) {
        if (value == null) {
            return null;
        }
        noLineBreaks(value, field);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException(field + " must be an http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL");
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

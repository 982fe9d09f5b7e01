package io.cartrecovery.core.internal;

import io.cartrecovery.core.Limits;

/**
 * The argument checks of core's entry points and value types, one rule each: an {@link IllegalArgumentException}
 * naming the field. Public only for core's other packages; not API.
 */
public final class Arguments {
    private Arguments() {}

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** An id: not blank, at most {@link Limits#MAX_ID_LENGTH} characters, no control characters. */
    public static String id(String value, String field) {
        return text(value, field, Limits.MAX_ID_LENGTH);
    }

    /** Not blank, at most {@code max} characters without control characters. */
    public static String text(String value, String field, int max) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return optionalText(value, field, max);
    }

    /** {@code null}, or at most {@code max} characters without control characters. */
    public static String optionalText(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters");
        }
        return noControls(value, field);
    }

    /**
     * Refuses C0 and C1 control characters (CR, LF and NUL among them), U+2028, U+2029 and unpaired surrogates:
     * they break headers, logs and databases (PostgreSQL refuses NUL in text).
     */
    public static String noControls(String value, String field) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(field + " must not contain control characters (such as CR, LF "
                        + "or NUL) or line separators");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " must not contain unpaired surrogates");
            }
        }
        return value;
    }
}

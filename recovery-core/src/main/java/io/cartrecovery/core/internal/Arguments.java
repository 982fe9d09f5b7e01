package io.cartrecovery.core.internal;

/**
 * The null check of core's entry points outside the value types: an {@link IllegalArgumentException} naming the
 * field. Public only for core's other packages; not API.
 */
public final class Arguments {
    private Arguments() {}

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }
}

package io.cartrecovery.core.links;

/** The null check of the public entry points of this package: an {@link IllegalArgumentException} naming the field. */
final class Arguments {
    private Arguments() {}

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }
}

package io.cartrecovery.core;

/**
 * Which page to read.
 *
 * @param after the previous page's {@code nextCursor}, or {@code null} for the first page
 * @param limit at most this many items, 1 to {@value #MAX_LIMIT}
 */
public record PageRequest(String after, int limit) {
    public static final int MAX_LIMIT = 1_000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (after != null) {
            Checks.id(after, "after");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }
}

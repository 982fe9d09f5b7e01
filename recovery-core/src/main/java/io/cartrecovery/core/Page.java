package io.cartrecovery.core;

import java.util.List;

/**
 * One page of results in a stable order.
 *
 * @param items      the results on this page
 * @param nextCursor pass to the next call to continue after this page, or {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(Checks.notNull(items, "items"));
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}

package io.cartrecovery.openai;

import io.cartrecovery.core.CartItem;

import java.util.List;

/**
 * Supplies short customer review quotes for cart items, for the social-proof tone. The generator treats them as
 * untrusted data: quoted, capped in length and number, never as instructions.
 */
@FunctionalInterface
public interface ReviewSnippets {

    /** Review quotes for {@code item} of {@code storeId}; empty when there are none. */
    List<String> forItem(String storeId, CartItem item);

    /** No reviews at all (the default). */
    static ReviewSnippets none() {
        return (storeId, item) -> List.of();
    }
}

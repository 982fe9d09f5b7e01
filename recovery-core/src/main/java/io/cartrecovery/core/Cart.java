package io.cartrecovery.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * A snapshot of a shopping cart as the store last reported it.
 *
 * @param storeId          the store the cart belongs to
 * @param cartId           the store's cart id
 * @param customerId       the customer who owns the cart, or {@code null} for an anonymous cart
 * @param storefrontToken  token the storefront uses to ask for on-site popups, or {@code null}
 * @param currency         currency of every price in the cart
 * @param items            at least one item, at most {@value #MAX_ITEMS}
 * @param total            amount the customer would pay: not negative, below 10^12, at most four decimals
 * @param restoreUrl       link that restores the cart in the store: http(s) with a host and no user info, printable
 *                         ASCII; or {@code null}. The engine takes at most {@value Limits#MAX_URL_LENGTH}
 *                         characters from the store and, with {@code SignedLinks} configured, only on one of the
 *                         store's redirect hosts; the cart a message is written for may hold the longer tracked
 *                         click link instead (at most {@link Limits#MAX_TRACKED_URL_LENGTH})
 * @param lastActivityAt   the last time the customer touched the cart; the engine refuses a time more than
 *                         {@link Limits#MAX_CLOCK_SKEW} ahead of its clock
 */
public record Cart(String storeId, String cartId, String customerId, String storefrontToken, Currency currency,
                   List<CartItem> items, BigDecimal total, String restoreUrl, Instant lastActivityAt) {

    /** Largest number of lines a cart may hold; larger carts are rejected, not truncated. */
    public static final int MAX_ITEMS = Limits.MAX_ITEMS;

    public Cart {
        Checks.id(storeId, "storeId");
        Checks.id(cartId, "cartId");
        if (customerId != null) {
            Checks.id(customerId, "customerId");
        }
        if (storefrontToken != null) {
            Checks.id(storefrontToken, "storefrontToken");
        }
        Checks.notNull(currency, "currency");
        Checks.notEmpty(items, "items");
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("items must hold at most " + MAX_ITEMS + " lines, got " + items.size());
        }
        items = List.copyOf(items);
        Checks.amount(total, "total");
        Checks.optionalUrl(restoreUrl, "restoreUrl", Limits.MAX_TRACKED_URL_LENGTH);
        Checks.notNull(lastActivityAt, "lastActivityAt");
    }

    /** A builder-free way to copy this cart with a newer activity time. */
    public Cart withLastActivityAt(Instant at) {
        return new Cart(storeId, cartId, customerId, storefrontToken, currency, items, total, restoreUrl, at);
    }

    /** The smallest known inventory over the cart's items, or {@code null} when no item reports one. */
    public Integer lowestInventory() {
        Integer lowest = null;
        for (CartItem item : items) {
            if (item.inventoryLeft() != null && (lowest == null || item.inventoryLeft() < lowest)) {
                lowest = item.inventoryLeft();
            }
        }
        return lowest;
    }
}

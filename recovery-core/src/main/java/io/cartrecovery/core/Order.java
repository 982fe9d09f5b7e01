package io.cartrecovery.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A completed purchase reported by the store.
 *
 * @param storeId    the store
 * @param orderId    the store's order id
 * @param cartId     the cart the order came from, or {@code null} when unknown
 * @param customerId the buyer, or {@code null} for an anonymous order
 * @param total      order value (not negative, below 10^12, at most four decimals); counted as recovered revenue
 *                   when a sequence was running
 * @param placedAt   when the order was placed; the engine refuses a time more than {@link Limits#MAX_CLOCK_SKEW}
 *                   ahead of its clock
 */
public record Order(String storeId, String orderId, String cartId, String customerId, BigDecimal total,
                    Instant placedAt) {

    public Order {
        Checks.id(storeId, "storeId");
        Checks.id(orderId, "orderId");
        if (cartId != null) {
            Checks.id(cartId, "cartId");
        }
        if (customerId != null) {
            Checks.id(customerId, "customerId");
        }
        if (cartId == null && customerId == null) {
            throw new IllegalArgumentException("cartId or customerId must be given");
        }
        Checks.amount(total, "total");
        Checks.notNull(placedAt, "placedAt");
    }
}

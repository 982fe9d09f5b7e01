package io.cartrecovery.core.analytics;

import java.math.BigDecimal;

/**
 * A number of purchases and their order value.
 *
 * @param count   purchases, not negative
 * @param revenue their order value summed (an order without a value counts as zero); zero for none
 */
public record PurchaseTotal(long count, BigDecimal revenue) {
    /** No purchase. */
    public static final PurchaseTotal NONE = new PurchaseTotal(0, BigDecimal.ZERO);

    public PurchaseTotal {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (revenue == null) {
            throw new IllegalArgumentException("revenue must not be null");
        }
    }
}

package io.cartrecovery.core.internal;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;

/** The seed's segmentation rules, in the seed's order. */
public final class Segmentation {
    private Segmentation() {}

    /**
     * No past orders: first-time; lifetime value above the store's threshold: high-value; an item at or below
     * the low-stock threshold: low-stock; otherwise returning.
     */
    public static SequenceType classify(Customer customer, Cart cart, StoreSettings settings) {
        if (customer.orderCount() == 0) {
            return SequenceType.FIRST_TIME;
        }
        if (customer.lifetimeValue().compareTo(settings.highValueThreshold()) > 0) {
            return SequenceType.HIGH_VALUE;
        }
        Integer lowest = cart.lowestInventory();
        if (lowest != null && lowest <= settings.lowStockThreshold()) {
            return SequenceType.LOW_STOCK;
        }
        return SequenceType.RETURNING;
    }
}

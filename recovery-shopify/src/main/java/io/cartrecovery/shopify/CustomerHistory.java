package io.cartrecovery.shopify;

import io.cartrecovery.core.Customer;
import io.cartrecovery.core.spi.CartStore;

import java.math.BigDecimal;

/**
 * A customer's order history (how many orders, how much spent) for segmentation, when the webhook does not carry
 * it. Shopify's Admin API versions before 2025-01 put {@code orders_count} and {@code total_spent} on the customer
 * of every checkout and order; from 2025-01 they are gone, and a customer seen only through webhooks would always
 * look first-time. Where a payload still has them, they are used and this port is not asked.
 *
 * <p>The default, {@link #recorded(CartStore)}, answers what the store last recorded for the customer (from an
 * earlier payload that carried the numbers, or from this port before), else a first-time buyer. A host that
 * wants the real numbers implements this port, for example with the Admin API's {@code Customer.numberOfOrders}
 * and {@code amountSpent}, or with what it keeps from the {@code customers/purchasing_summary} topic. It is called
 * on the webhook's thread, before anything is stored: keep it fast (cache), and throw to have Shopify retry.
 */
@FunctionalInterface
public interface CustomerHistory {

    /** The history of the store's customer; {@code customerId} is Shopify's customer id, or a guest id. */
    Summary summary(String storeId, String customerId);

    /**
     * @param orderCount    completed orders, not negative
     * @param lifetimeValue total spent, in the store's currency; an amount within {@code Limits}
     */
    record Summary(int orderCount, BigDecimal lifetimeValue) {
        /** A first-time buyer. */
        public static final Summary FIRST_TIME = new Summary(0, BigDecimal.ZERO);

        public Summary {
            // the customer's own checks, so that a summary is always one a customer may hold
            new Customer("check", "check", null, null, null, null, orderCount, lifetimeValue, false);
        }
    }

    /** Every buyer is first-time. */
    static CustomerHistory firstTime() {
        return (storeId, customerId) -> Summary.FIRST_TIME;
    }

    /** What {@code store} last recorded for the customer, else first-time. */
    static CustomerHistory recorded(CartStore store) {
        if (store == null) {
            throw new IllegalArgumentException("store must not be null");
        }
        return (storeId, customerId) -> store.customer(storeId, customerId)
                .map(known -> new Summary(known.orderCount(), known.lifetimeValue()))
                .orElse(Summary.FIRST_TIME);
    }
}

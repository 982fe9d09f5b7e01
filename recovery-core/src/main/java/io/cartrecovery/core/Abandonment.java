package io.cartrecovery.core;

import java.time.Instant;

/**
 * One item of {@link RecoveryEngine#cartsAbandoned}: the cart's latest state, its customer and when it was
 * abandoned; the same as {@link RecoveryEngine#cartUpdated} followed by {@link RecoveryEngine#cartAbandoned}.
 *
 * @param cart        the cart as the store last saw it
 * @param customer    the cart's customer, or {@code null} for an anonymous cart (or to keep the stored one)
 * @param abandonedAt when the cart was abandoned; offsets of the steps count from it
 */
public record Abandonment(Cart cart, Customer customer, Instant abandonedAt) {

    public Abandonment {
        Checks.notNull(cart, "cart");
        Checks.notNull(abandonedAt, "abandonedAt");
        if (customer != null) {
            if (!customer.storeId().equals(cart.storeId())) {
                throw new IllegalArgumentException("customer.storeId must equal cart.storeId");
            }
            if (!customer.customerId().equals(cart.customerId())) {
                throw new IllegalArgumentException("customer.customerId must equal cart.customerId");
            }
        }
    }
}

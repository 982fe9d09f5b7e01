package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;

import java.time.Duration;
import java.util.Objects;

/**
 * One event of a store's history, as {@link RecoveryArbitraries#histories} generates them and
 * {@link RecoveryTestKit#apply(StoreEvent)} feeds them to the engine, at the kit's clock time.
 */
public sealed interface StoreEvent {

    /** The cart was changed now: {@code engine.cartUpdated} with the cart's last activity set to now. */
    record CartUpdated(Cart cart, Customer customer) implements StoreEvent {
        public CartUpdated {
            Objects.requireNonNull(cart, "cart");
            Objects.requireNonNull(customer, "customer");
        }
    }

    /** The host reports the cart abandoned now. */
    record CartAbandoned(String storeId, String cartId) implements StoreEvent {
        public CartAbandoned {
            Objects.requireNonNull(storeId, "storeId");
            Objects.requireNonNull(cartId, "cartId");
        }
    }

    /** The cart was bought now, for its total. */
    record OrderPlaced(Cart cart, String orderId) implements StoreEvent {
        public OrderPlaced {
            Objects.requireNonNull(cart, "cart");
            Objects.requireNonNull(orderId, "orderId");
        }
    }

    /** The customer opted out now. */
    record OptedOut(String storeId, String customerId) implements StoreEvent {
        public OptedOut {
            Objects.requireNonNull(storeId, "storeId");
            Objects.requireNonNull(customerId, "customerId");
        }
    }

    /** Time passes, and the steps due on the way run. */
    record TimeAdvanced(Duration duration) implements StoreEvent {
        public TimeAdvanced {
            if (Objects.requireNonNull(duration, "duration").isNegative()) {
                throw new IllegalArgumentException("duration must not be negative");
            }
        }
    }
}

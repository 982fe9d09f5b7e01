package io.cartrecovery.core.spi;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;

import java.time.Instant;
import java.util.Optional;

/** The latest snapshot of every cart and customer, and when a watched cart counts as abandoned. */
public interface CartStore {

    /**
     * Saves the cart; {@code abandonmentDueAt} is when it counts as abandoned if nothing else happens, or
     * {@code null} when it is not watched (anonymous, or a sequence already runs).
     */
    void saveCart(Cart cart, Instant abandonmentDueAt);

    Optional<Cart> cart(String storeId, String cartId);

    /** When the cart counts as abandoned, if it is watched. */
    Optional<Instant> abandonmentDueAt(String storeId, String cartId);

    /**
     * Removes the cart snapshot, for a host erasing a cart; its sequences and events stay, and a step of an active
     * sequence whose cart is gone is skipped.
     */
    void deleteCart(String storeId, String cartId);

    void saveCustomer(Customer customer);

    Optional<Customer> customer(String storeId, String customerId);
}

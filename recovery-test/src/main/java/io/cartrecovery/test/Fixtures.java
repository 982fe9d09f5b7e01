package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** Small, valid domain objects for tests. */
public final class Fixtures {
    /** A Monday, 09:00 UTC: where the kit's clock starts by default. */
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /** The currency of {@link #cart}. */
    public static final Currency USD = Currency.getInstance("USD");

    private Fixtures() {}

    /** A three-item cart of {@code customerId}, last active at {@code at}. */
    public static Cart cart(String storeId, String cartId, String customerId, Instant at) {
        List<CartItem> items = List.of(
                new CartItem("SKU-1", "Merino Wool Sweater", 1, new BigDecimal("89.00"),
                        "https://cdn.example.com/sweater.jpg", 40),
                new CartItem("SKU-2", "Organic Cotton Socks", 3, new BigDecimal("12.50"), null, 200),
                new CartItem("SKU-3", "Leather Gloves", 1, new BigDecimal("45.00"), null, null));
        return new Cart(storeId, cartId, customerId, "sf-" + cartId, USD, items, new BigDecimal("171.50"),
                "https://shop.example.com/cart/" + cartId + "/restore", at);
    }

    /** A first-time customer with an address and marketing consent. */
    public static Customer customer(String storeId, String customerId) {
        return new Customer(storeId, customerId, customerId + "@example.com", "Alex", Locale.US,
                ZoneId.of("America/New_York"), 0, BigDecimal.ZERO, true);
    }
}

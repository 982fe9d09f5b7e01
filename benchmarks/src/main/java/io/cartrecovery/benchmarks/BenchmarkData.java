package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.TimerKey;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Realistic carts and customers with distinct strings, so that measurements do not profit from sharing. */
final class BenchmarkData {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final Currency USD = Currency.getInstance("USD");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private BenchmarkData() {}

    static Cart cart(String storeId, int i, Instant at) {
        List<CartItem> items = List.of(
                new CartItem("SKU-" + i + "-1", "Merino Wool Sweater " + i, 1, BigDecimal.valueOf(8900 + i % 100, 2),
                        "https://cdn.example.com/p/" + i + "-1.jpg", 40),
                new CartItem("SKU-" + i + "-2", "Organic Cotton Socks " + i, 3, BigDecimal.valueOf(1250, 2), null, 200),
                new CartItem("SKU-" + i + "-3", "Leather Gloves " + i, 1, BigDecimal.valueOf(4500, 2), null, null));
        return new Cart(storeId, "cart-" + i, "customer-" + i, "sf-" + i, USD, items,
                BigDecimal.valueOf(17150 + i % 100, 2), "https://shop.example.com/cart/" + i + "/restore", at);
    }

    static Customer customer(String storeId, int i) {
        return new Customer(storeId, "customer-" + i, "customer" + i + "@example.com", "Alex", Locale.US, NEW_YORK,
                0, BigDecimal.ZERO, true);
    }

    /** A scheduler that never wakes anyone: the benchmarks pull due work themselves. */
    static Scheduler silentScheduler() {
        return new Scheduler() {
            @Override
            public void start(DueTimers timers, Consumer<TimerKey> handler) {}

            @Override
            public void close() {}
        };
    }
}

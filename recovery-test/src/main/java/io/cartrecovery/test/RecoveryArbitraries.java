package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * jqwik arbitraries of valid carts, customers and store histories, for properties over the engine:
 *
 * <pre>{@code
 * @Property
 * void noMessageAfterTheOrder(@ForAll("histories") List<StoreEvent> history) { ... }
 *
 * @Provide
 * Arbitrary<List<StoreEvent>> histories() {
 *     return RecoveryArbitraries.histories("my-store");
 * }
 * }</pre>
 */
public final class RecoveryArbitraries {
    private static final int CUSTOMERS = 3;
    private static final int CARTS = 4;
    private static final int MAX_EVENTS = 30;
    private static final List<Locale> LOCALES = List.of(Locale.US, Locale.GERMANY, Locale.FRANCE,
            Locale.forLanguageTag("es-ES"));
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Tokyo"));

    private RecoveryArbitraries() {}

    /** Customers {@code cust-1} to {@code cust-3} of the store, each with an address, a locale and a time zone. */
    public static Arbitrary<Customer> customers(String storeId) {
        return Combinators.combine(Arbitraries.integers().between(1, CUSTOMERS), Arbitraries.of(LOCALES),
                        Arbitraries.of(ZONES), Arbitraries.integers().between(0, 5),
                        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("2000")).ofScale(2),
                        Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false)))
                .as((n, locale, zone, orders, lifetimeValue, consent) -> new Customer(storeId, "cust-" + n,
                        "cust-" + n + "@example.com", "Alex", locale, zone, orders,
                        orders == 0 ? BigDecimal.ZERO : lifetimeValue, consent));
    }

    /** Carts {@code cart-1} to {@code cart-4} of customers {@code cust-1} to {@code cust-3}, of 1 to 4 lines. */
    public static Arbitrary<Cart> carts(String storeId) {
        return Combinators.combine(Arbitraries.integers().between(1, CARTS),
                        Arbitraries.integers().between(1, CUSTOMERS), items().list().ofMinSize(1).ofMaxSize(4)
                                .uniqueElements(CartItem::sku))
                .as((n, customer, items) -> new Cart(storeId, "cart-" + n, "cust-" + customer, "sf-cart-" + n,
                        Fixtures.USD, items, items.stream().map(RecoveryArbitraries::lineTotal)
                                .reduce(BigDecimal.ZERO, BigDecimal::add),
                        "https://shop.example.com/cart/" + n + "/restore", Fixtures.T0));
    }

    /**
     * Histories of one store of up to 30 events: carts updated and abandoned, orders, opt-outs and time passing
     * (1 minute to 30 hours at a time), over up to three customers and four carts. Every history is valid: a
     * cart is reported before it is abandoned or bought, with its customer's data, and a bought cart sees no
     * event after its order.
     */
    public static Arbitrary<List<StoreEvent>> histories(String storeId) {
        Arbitrary<List<Customer>> customers = customers(storeId).list().ofMinSize(1).ofMaxSize(CUSTOMERS)
                .uniqueElements(Customer::customerId);
        return customers.flatMap(known -> carts(storeId)
                .filter(cart -> known.stream().anyMatch(c -> c.customerId().equals(cart.customerId())))
                .list().ofMinSize(1).ofMaxSize(CARTS).uniqueElements(Cart::cartId)
                .flatMap(carts -> steps().list().ofMaxSize(MAX_EVENTS)
                        .map(steps -> history(storeId, known, carts, steps))));
    }

    private record Step(int kind, int target, Duration duration) {}

    private static final int UPDATE = 0;
    private static final int ABANDON = 1;
    private static final int ORDER = 2;
    private static final int OPT_OUT = 3;
    private static final int ADVANCE = 4;

    private static Arbitrary<Step> steps() {
        Arbitrary<Integer> kind = Arbitraries.frequency(Tuple.of(3, UPDATE), Tuple.of(2, ABANDON), Tuple.of(1, ORDER),
                Tuple.of(1, OPT_OUT), Tuple.of(4, ADVANCE));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 99),
                        Arbitraries.longs().between(1, 30 * 60).map(Duration::ofMinutes))
                .as(Step::new);
    }

    private static List<StoreEvent> history(String storeId, List<Customer> customers, List<Cart> carts,
                                            List<Step> steps) {
        List<StoreEvent> history = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        Set<String> bought = new HashSet<>();
        for (Step step : steps) {
            if (step.kind() == ADVANCE) {
                history.add(new StoreEvent.TimeAdvanced(step.duration()));
                continue;
            }
            if (step.kind() == OPT_OUT) {
                Customer customer = customers.get(step.target() % customers.size());
                history.add(new StoreEvent.OptedOut(storeId, customer.customerId()));
                continue;
            }
            Cart cart = carts.get(step.target() % carts.size());
            if (bought.contains(cart.cartId())) {
                continue;
            }
            if (step.kind() == UPDATE || reported.add(cart.cartId())) {
                reported.add(cart.cartId());
                history.add(new StoreEvent.CartUpdated(cart, customerOf(customers, cart)));
            } else if (step.kind() == ABANDON) {
                history.add(new StoreEvent.CartAbandoned(storeId, cart.cartId()));
            } else {
                bought.add(cart.cartId());
                history.add(new StoreEvent.OrderPlaced(cart, "order-" + cart.cartId()));
            }
        }
        return List.copyOf(history);
    }

    private static Customer customerOf(List<Customer> customers, Cart cart) {
        return customers.stream().filter(c -> c.customerId().equals(cart.customerId())).findFirst().orElseThrow();
    }

    private static Arbitrary<CartItem> items() {
        return Combinators.combine(Arbitraries.integers().between(1, 20), Arbitraries.integers().between(1, 3),
                        Arbitraries.bigDecimals().between(new BigDecimal("1"), new BigDecimal("400")).ofScale(2),
                        Arbitraries.integers().between(0, 50).injectNull(0.5))
                .as((n, quantity, price, inventory) -> new CartItem("SKU-" + n, "Product " + n, quantity, price,
                        null, inventory));
    }

    private static BigDecimal lineTotal(CartItem item) {
        return item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()));
    }
}

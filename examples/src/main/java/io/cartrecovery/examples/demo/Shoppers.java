package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The simulated store's catalogue and customers: first-time and returning buyers, big spenders, in four
 * languages and several time zones, some without consent, some without an address, some at a bouncing domain.
 */
final class Shoppers {
    static final Currency EUR = Currency.getInstance("EUR");
    static final String BOUNCING_DOMAIN = "bounce.example.net";

    private record Product(String sku, String title, BigDecimal price, int inventory) {}

    private record Region(Locale locale, List<ZoneId> zones, List<String> names) {}

    private static final List<Product> CATALOG = List.of(
            new Product("SKU-SWEATER", "Merino Wool Sweater", new BigDecimal("89.00"), 40),
            new Product("SKU-SOCKS", "Organic Cotton Socks", new BigDecimal("12.50"), 200),
            new Product("SKU-GLOVES", "Leather Gloves", new BigDecimal("45.00"), 25),
            new Product("SKU-BOOTS", "Waterproof Hiking Boots", new BigDecimal("159.00"), 3),
            new Product("SKU-JACKET", "Down Jacket", new BigDecimal("249.00"), 12),
            new Product("SKU-SCARF", "Cashmere Scarf", new BigDecimal("119.00"), 2),
            new Product("SKU-BEANIE", "Knitted Beanie", new BigDecimal("24.90"), 80),
            new Product("SKU-BACKPACK", "Canvas Backpack", new BigDecimal("74.00"), 18),
            new Product("SKU-BOTTLE", "Insulated Bottle", new BigDecimal("29.00"), 150),
            new Product("SKU-TENT", "Two-Person Tent", new BigDecimal("329.00"), 4),
            new Product("SKU-LAMP", "Camping Lantern", new BigDecimal("39.50"), 60),
            new Product("SKU-MAT", "Sleeping Mat", new BigDecimal("54.00"), 5));

    private static final List<Region> REGIONS = List.of(
            new Region(Locale.ENGLISH, zones("America/New_York", "America/Los_Angeles", "Europe/London"),
                    List.of("Alex", "Sam", "Jordan", "Emily", "Oliver", "Grace")),
            new Region(Locale.GERMAN, zones("Europe/Berlin", "Europe/Vienna", "Europe/Zurich"),
                    List.of("Lena", "Jonas", "Mia", "Lukas", "Jürgen", "Anna")),
            new Region(Locale.FRENCH, zones("Europe/Paris", "America/Montreal", "Europe/Brussels"),
                    List.of("Camille", "Louis", "Chloé", "Hugo", "Léa", "Théo")),
            new Region(Locale.forLanguageTag("es"), zones("Europe/Madrid", "America/Mexico_City", "America/Bogota"),
                    List.of("Lucía", "Mateo", "Sofía", "Diego", "Valentina", "Martín")));
    private static final double[] REGION_WEIGHTS = {0.40, 0.25, 0.20, 0.15};

    private final String storeId;
    private final RandomGenerator random;

    Shoppers(String storeId, RandomGenerator random) {
        this.storeId = storeId;
        this.random = random;
    }

    /** A new customer with id {@code cust-<index>}; the index makes the id and address unique. */
    Customer customer(int index) {
        Region region = REGIONS.get(pick(REGION_WEIGHTS));
        String name = region.names().get(random.nextInt(region.names().size()));
        String id = "cust-%05d".formatted(index);
        double r = random.nextDouble();
        String email;
        if (r < 0.04) {
            email = null; // known only by the storefront: popups, no emails
        } else if (r < 0.07) {
            email = "customer" + index + "@" + BOUNCING_DOMAIN;
        } else {
            email = "customer" + index + "@example.com";
        }
        boolean firstTime = random.nextDouble() < 0.45;
        int orders = firstTime ? 0 : 1 + random.nextInt(random.nextDouble() < 0.75 ? 3 : 15);
        BigDecimal spent = BigDecimal.ZERO;
        for (int i = 0; i < orders; i++) {
            spent = spent.add(BigDecimal.valueOf(25 + random.nextInt(120)));
        }
        boolean consent = random.nextDouble() < 0.88;
        ZoneId zone = region.zones().get(random.nextInt(region.zones().size()));
        return new Customer(storeId, id, email, name, region.locale(), zone, orders, spent, consent);
    }

    /** A cart of one to four catalogue items for {@code customer}, last touched at {@code at}. */
    Cart cart(String cartId, Customer customer, Instant at) {
        int lines = 1 + random.nextInt(4);
        List<Product> pool = new ArrayList<>(CATALOG);
        List<CartItem> items = new ArrayList<>(lines);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lines; i++) {
            Product product = pool.remove(random.nextInt(pool.size()));
            int quantity = random.nextDouble() < 0.8 ? 1 : 2;
            CartItem item = new CartItem(product.sku(), product.title(), quantity, product.price(),
                    "https://demo-store.example.com/img/" + product.sku().toLowerCase(Locale.ROOT) + ".jpg",
                    product.inventory());
            items.add(item);
            total = total.add(item.lineTotal());
        }
        return new Cart(storeId, cartId, customer.customerId(), "sf-" + cartId, EUR, items,
                total.setScale(2, RoundingMode.HALF_UP), "https://demo-store.example.com/cart/" + cartId + "/restore",
                at);
    }

    /** The customer after an order of {@code total}: one more order, more spent. */
    static Customer afterOrder(Customer c, BigDecimal total) {
        return new Customer(c.storeId(), c.customerId(), c.email(), c.firstName(), c.locale(), c.timeZone(),
                c.orderCount() + 1, c.lifetimeValue().add(total), c.marketingConsent());
    }

    private int pick(double[] weights) {
        double r = random.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static List<ZoneId> zones(String... ids) {
        return java.util.Arrays.stream(ids).map(ZoneId::of).toList();
    }
}

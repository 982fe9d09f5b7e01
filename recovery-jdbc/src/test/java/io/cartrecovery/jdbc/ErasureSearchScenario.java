package io.cartrecovery.jdbc;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After an erasure, no row of the schema holds the erased customer's email, names or restore token: every table
 * the database lists, every column of each row read as text. The history is the engine's own (a popup waiting, an
 * email sent, opened and clicked, an address suppressed), so every place the engine writes personal data is
 * covered, and another customer of the store and the same customer id in another store keep all of theirs.
 */
abstract class ErasureSearchScenario {
    private static final String A = "store-privacy-a";
    private static final String B = "store-privacy-b";
    private static final String ZEBULON = "zebulon.quark@example.com";
    private static final String OTTO = "otto.other@example.com";
    private static final List<String> ZEBULON_DATA = List.of(ZEBULON, "Zebulon", "Quark", "tok-zq-secret");
    private static final byte[] KEY = "a-32-byte-long-secret-for-testing!!".getBytes(StandardCharsets.UTF_8);

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private RecoveryEngine engine;

    /** A migrated database; the tests empty it first. */
    abstract DataSource dataSource();

    abstract Dialect dialect();

    /** Every base table of the schema the data source works in. */
    abstract String listTables();

    /** An expression of a row of {@code table} (aliased {@code t}) as text, every column in it. */
    abstract String rowAsText(Connection connection, String table) throws SQLException;

    @BeforeEach
    void engine() throws SQLException {
        Databases.truncate(dataSource(), dialect());
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource()).migrate(false).build();
        SignedLinks links = SignedLinks.of(clock, List.of(StoreLinks.builder(A)
                .baseUrl(URI.create("https://track.example.com/r/a")).redirectHost("shop.example.com")
                .key("k1", KEY).build()));
        engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(1)).links(links).sender(Channel.EMAIL, email)
                .configureStore(StoreSettings.builder(A).exactTiming().build())
                .configureStore(StoreSettings.builder(B).exactTiming().build()).build();
    }

    private void shop(String storeId, String address, String firstName, String lastName, String token) {
        Customer customer = new Customer(storeId, address, address, firstName, Locale.US,
                ZoneId.of("America/New_York"), 2, new BigDecimal("120.00"), true);
        Cart cart = new Cart(storeId, "cart-" + token, address, "sf-" + token, Currency.getInstance("USD"),
                List.of(CartItem.of("SKU-1", "Merino Wool Sweater", 1, new BigDecimal("89.00"))),
                new BigDecimal("89.00"), "https://shop.example.com/cart/restore?token=" + token + "&for=" + lastName,
                clock.instant());
        engine.cartUpdated(cart, customer);
        engine.cartAbandoned(storeId, cart.cartId(), clock.instant());
    }

    /** Both customers abandon; after three hours a popup waits, an email went out, was opened and clicked. */
    private void history() {
        shop(A, ZEBULON, "Zebulon", "Quark", "tok-zq-secret");
        shop(A, OTTO, "Otto", "Person", "tok-otto");
        shop(B, ZEBULON, "Zebulon", "Quark", "tok-zq-secret");
        scheduler.advance(Duration.ofHours(3));
        Delivery sent = email.sent().stream().filter(a -> a.delivery().customer().email().equals(ZEBULON)
                && a.delivery().settings().storeId().equals(A)).findFirst().orElseThrow().delivery();
        String html = sent.message().htmlBody();
        String pixel = html.substring(html.indexOf("https://track.example.com/r/a/open?t="));
        engine.recordOpen(A, token(pixel.substring(0, pixel.indexOf('"')).replace("&amp;", "&")));
        engine.click(A, token(sent.cart().restoreUrl()));
        engine.suppressAddress(A, ZEBULON, "COMPLAINT");
    }

    private static String token(String url) {
        String query = URI.create(url).getRawQuery();
        return URLDecoder.decode(query.substring(query.indexOf("t=") + 2), StandardCharsets.UTF_8);
    }

    @Test
    void noTableHoldsTheErasedCustomersDataAfterwards() throws SQLException {
        history();
        var report = engine.analytics(A, T0, clock.instant());
        Map<String, Long> before = rowsOfStoreContaining(A, ZEBULON_DATA);
        assertThat(before.keySet()).as("the search finds the data where the engine wrote it")
                .contains("cr_customer", "cr_cart", "cr_sequence", "cr_event", "cr_popup");

        engine.eraseCustomer(A, ZEBULON);

        assertThat(rowsOfStoreContaining(A, ZEBULON_DATA)).isEmpty();
        assertThat(rowsOfStoreContaining(A, List.of(OTTO))).containsKeys("cr_customer", "cr_cart", "cr_sequence",
                "cr_event");
        assertThat(rowsOfStoreContaining(A, List.of("Person", "tok-otto"))).containsKeys("cr_cart", "cr_popup");
        assertThat(rowsOfStoreContaining(B, ZEBULON_DATA)).isEqualTo(rowsOfStoreContaining(B, ZEBULON_DATA))
                .containsKeys("cr_customer", "cr_cart", "cr_sequence", "cr_event", "cr_popup");
        assertThat(engine.analytics(A, T0, clock.instant())).isEqualTo(report);
        assertThat(report.steps().get("EMAIL_2H").sent()).isEqualTo(2);
    }

    @Test
    void noTableHoldsARowOfAnErasedStore() throws SQLException {
        history();
        Map<String, Long> otherStore = rowsOfStoreContaining(B, List.of(B));
        assertThat(rowsOfStoreContaining(A, List.of(A))).containsKeys("cr_store_settings", "cr_customer", "cr_cart",
                "cr_sequence", "cr_event", "cr_popup", "cr_suppression", "cr_event_key");

        engine.eraseStore(A);

        // every row of a table with a store column matches the empty text: only the schema's version rows remain
        assertThat(rowsOfStoreContaining(A, List.of(""))).containsOnlyKeys("cr_schema_version");
        assertThat(rowsOfStoreContaining(null, List.of(A))).isEmpty();
        assertThat(rowsOfStoreContaining(B, List.of(B))).isEqualTo(otherStore).containsKeys("cr_store_settings",
                "cr_customer", "cr_cart", "cr_sequence", "cr_event", "cr_popup");
    }

    /**
     * The tables with rows that contain any of {@code needles} (case-insensitively) as text, with how many:
     * among the rows of {@code storeId} in tables with a store column (every store's when null), and among every
     * row of the tables without one.
     */
    private Map<String, Long> rowsOfStoreContaining(String storeId, List<String> needles) throws SQLException {
        Map<String, Long> found = new TreeMap<>();
        try (Connection connection = dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement list = connection.prepareStatement(listTables());
                 ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            assertThat(tables).contains("cr_event", "cr_schema_version");
            for (String table : tables) {
                boolean scoped = storeId != null && hasStoreColumn(connection, table);
                StringBuilder query = new StringBuilder("SELECT COUNT(*) FROM " + table + " t WHERE (");
                for (int i = 0; i < needles.size(); i++) {
                    query.append(i == 0 ? "" : " OR ").append("LOWER(").append(rowAsText(connection, table))
                            .append(") LIKE ?");
                }
                query.append(")").append(scoped ? " AND t.store_id = ?" : "");
                try (PreparedStatement count = connection.prepareStatement(query.toString())) {
                    for (int i = 0; i < needles.size(); i++) {
                        count.setString(i + 1, "%" + needles.get(i).toLowerCase(Locale.ROOT) + "%");
                    }
                    if (scoped) {
                        count.setString(needles.size() + 1, storeId);
                    }
                    try (ResultSet rows = count.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            found.put(table, rows.getLong(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean hasStoreColumn(Connection connection, String table) throws SQLException {
        try (ResultSet columns = connection.getMetaData().getColumns(connection.getCatalog(),
                connection.getSchema(), table, "store_id")) {
            return columns.next();
        }
    }
}

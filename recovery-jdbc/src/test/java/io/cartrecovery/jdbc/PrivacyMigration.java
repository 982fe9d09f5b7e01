package io.cartrecovery.jdbc;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.test.Fixtures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The V9 migration on a database that holds rows written by version 8: plain suppression keys and email keys, carts
 * without customer and activity columns, popups without their sequence. Afterwards the digests match
 * {@link SuppressionKey}'s, so every suppression still holds, and the customer's carts are found.
 */
final class PrivacyMigration {
    private static final String STORE = "migrated-shop";
    private static final String CUSTOMER = "cust-\"ü\"\\1";

    private PrivacyMigration() {}

    /** Drops what V9 added (its data changes stay), so that a test can run V9 again after older scripts. */
    static void undo(Statement statement) throws SQLException {
        boolean mariadb = Dialect.detect(statement.getConnection()) == Dialect.MARIADB;
        for (String index : List.of("cr_cart.cr_cart_customer", "cr_cart.cr_cart_activity",
                "cr_sequence.cr_sequence_customer", "cr_sequence.cr_sequence_store_created")) {
            String[] parts = index.split("\\.");
            statement.execute("DROP INDEX " + parts[1] + (mariadb ? " ON " + parts[0] : ""));
        }
        statement.execute("ALTER TABLE cr_cart DROP COLUMN customer_id");
        statement.execute("ALTER TABLE cr_cart DROP COLUMN last_activity_at");
        statement.execute("ALTER TABLE cr_popup DROP COLUMN sequence_id");
        statement.execute("DELETE FROM cr_schema_version WHERE version >= 9");
    }

    static void check(DataSource dataSource) throws SQLException {
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource).build();
        Customer customer = new Customer(STORE, CUSTOMER, "Alex.Doe@example.com", "Alex", null, null, 0,
                java.math.BigDecimal.ZERO, true);
        Cart cart = Fixtures.cart(STORE, "cart-1", CUSTOMER, T0);
        PendingPopup popup = new PendingPopup(STORE, "sf-cart-1", "seq-\"1\"", "POPUP_1H", "Hi", "Text", "Go",
                null, cart.restoreUrl(), T0.plus(Duration.ofDays(1)));
        Json json = new Json();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            undo(statement);
            SqlDialect sql = Dialect.detect(connection).sql();
            insert(connection, sql, "INSERT INTO cr_suppression (store_id, kind, key_value, reason, suppressed_at) "
                    + "VALUES (?, ?, ?, 'OPTED_OUT', ?)", STORE, "EMAIL", "alex.doe@example.com", T0);
            insert(connection, sql, "INSERT INTO cr_suppression (store_id, kind, key_value, reason, suppressed_at) "
                    + "VALUES (?, ?, ?, 'OPTED_OUT', ?)", STORE, "CUSTOMER", CUSTOMER, T0);
            insert(connection, sql, "INSERT INTO cr_customer (store_id, customer_id, body, email_key) "
                    + "VALUES (?, ?, ?, ?)", STORE, CUSTOMER, json.write(customer), "alex.doe@example.com");
            insert(connection, sql, "INSERT INTO cr_cart (store_id, cart_id, body) VALUES (?, ?, ?)", STORE,
                    "cart-1", json.write(cart));
            insert(connection, sql, "INSERT INTO cr_popup (store_id, storefront_token, expires_at, body) "
                    + "VALUES (?, ?, ?, ?)", STORE, "sf-cart-1", popup.expiresAt(), json.write(popup));
        }

        assertThat(JdbcSchema.migrate(dataSource)).isEqualTo(JdbcSchema.SCRIPTS.size());

        assertThat(store.isSuppressed(STORE, SuppressionKey.email("ALEX.DOE@example.com"))).isTrue();
        assertThat(store.isSuppressed(STORE, SuppressionKey.customer(CUSTOMER))).isTrue();
        assertThat(column(dataSource, "SELECT key_value FROM cr_suppression WHERE store_id = ?"))
                .containsExactlyInAnyOrder(SuppressionKey.email("alex.doe@example.com").value(),
                        SuppressionKey.customer(CUSTOMER).value());
        assertThat(column(dataSource, "SELECT email_key FROM cr_customer WHERE store_id = ?"))
                .containsExactly(SuppressionKey.email("alex.doe@example.com").value());
        assertThat(store.exportCustomer(STORE, CUSTOMER).carts()).containsExactly(cart);
        assertThat(column(dataSource, "SELECT sequence_id FROM cr_popup WHERE store_id = ?"))
                .containsExactly(popup.sequenceId());
        // a cart saved before V9 counts as active at the migration, never earlier
        Instant now = Instant.now();
        assertThat(store.purgeExpired(STORE, now.minus(Duration.ofDays(1)), T0, 10)).isZero();
        assertThat(store.cart(STORE, "cart-1")).contains(cart);
        store.eraseStore(STORE);
    }

    private static void insert(Connection connection, SqlDialect sql, String insert, Object... values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Instant at) {
                    sql.setTime(statement, i + 1, at);
                } else {
                    statement.setString(i + 1, (String) values[i]);
                }
            }
            statement.executeUpdate();
        }
    }

    private static List<String> column(DataSource dataSource, String query) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, STORE);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }
}

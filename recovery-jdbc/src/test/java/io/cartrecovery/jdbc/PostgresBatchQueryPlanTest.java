package io.cartrecovery.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch reads of {@link JdbcBatches} look up their thousand ids in indexes, not by scanning the tables. */
class PostgresBatchQueryPlanTest {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("batchplan", 2);

    @BeforeAll
    static void fill() throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO cr_sequence (store_id, id, cart_id, customer_id, status, version, body) "
                    + "SELECT 'store-' || (n % 20), 'seq-' || n, 'c' || n, 'u' || n, "
                    + "CASE WHEN n % 2 = 0 THEN 'ACTIVE' ELSE 'STOPPED' END, 1, '{}' FROM generate_series(1, 100000) AS n");
            statement.execute("INSERT INTO cr_cart (store_id, cart_id, body) "
                    + "SELECT 'store-' || (n % 20), 'c' || n, '{}' FROM generate_series(1, 100000) AS n");
            statement.execute("INSERT INTO cr_customer (store_id, customer_id, body) "
                    + "SELECT 'store-' || (n % 20), 'u' || n, '{}' FROM generate_series(1, 100000) AS n");
            statement.execute("INSERT INTO cr_suppression (store_id, kind, key_value, suppressed_at) "
                    + "SELECT 'store-' || (n % 20), 'CUSTOMER', 'u' || n, now() FROM generate_series(1, 100000, 3) AS n");
            statement.execute("INSERT INTO cr_event (store_id, sequence_id, event_type, occurred_at, body) "
                    + "SELECT 'store-' || (n % 20), 'seq-' || (n % 100000), 'STEP_SENT', now(), '{}' "
                    + "FROM generate_series(1, 200000) AS n");
            for (String table : Databases.TABLES.split(", ")) {
                statement.execute("ANALYZE " + table);
            }
        }
    }

    @Test
    void everyBatchReadUsesAnIndex() throws SQLException {
        assertThat(explain(JdbcBatches.CARTS, "c")).contains("cr_cart_pkey").doesNotContain("Seq Scan");
        assertThat(explain(JdbcBatches.SEQUENCES, "c", "u")).contains("cr_sequence_cart", "cr_sequence_one_active")
                .doesNotContain("Seq Scan");
        assertThat(explain(JdbcBatches.CUSTOMERS, "u")).contains("cr_customer_pkey").doesNotContain("Seq Scan");
        assertThat(explain(JdbcBatches.OPTED_OUT, "u")).contains("cr_suppression_pkey").doesNotContain("Seq Scan");
        // (With few events per store the planner may rather take the store index: either way, no scan.)
        assertThat(explain(JdbcBatches.WITH_EVENT, "seq-")).doesNotContain("Seq Scan");
    }

    /**
     * The plan of {@code sql}, each {@code store_id = ?} bound to one store and each following array to 1,000 ids
     * with the next of {@code prefixes}; a last plain parameter (an event type) is bound too.
     */
    private static String explain(String sql, String... prefixes) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            int index = 1;
            for (String prefix : prefixes) {
                statement.setString(index++, "store-7");
                statement.setArray(index++, connection.createArrayOf("VARCHAR",
                        IntStream.range(0, 1000).mapToObj(n -> prefix + (n * 20 + 7)).toArray()));
            }
            if (statement.getParameterMetaData().getParameterCount() == index) {
                statement.setString(index, "CART_RECOVERED");
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}

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
    void everyBatchReadLooksUpEachIdInAnIndex() throws SQLException {
        assertThat(explain(Dialect.POSTGRESQL.sql().batchCarts(1000), "store-7", "c")).contains("Nested Loop", "cr_cart_pkey")
                .doesNotContain("Seq Scan");
        assertThat(explain(Dialect.POSTGRESQL.sql().batchSequences(1000, 1000), "store-7", "c", "u"))
                .contains("Nested Loop", "cr_sequence_cart", "cr_sequence_one_active").doesNotContain("Seq Scan");
        assertThat(explain(Dialect.POSTGRESQL.sql().batchCustomers(1000), "store-7", "u")).contains("Nested Loop", "cr_customer_pkey")
                .doesNotContain("Seq Scan");
        assertThat(explain(Dialect.POSTGRESQL.sql().batchOptedOut(1000), "store-7", "u")).contains("Nested Loop", "cr_suppression_pkey")
                .doesNotContain("Seq Scan");
        assertThat(explain(Dialect.POSTGRESQL.sql().batchWithEvent(1000), "store-7", "seq-")).contains("Nested Loop", "cr_event_sequence")
                .doesNotContain("Seq Scan");
    }

    /**
     * Even when the statistics say the store is empty (a new store), the carts' sequences are one index lookup per
     * id; with = ANY(?) the planner filtered every row of the store against the whole array. (The active sequences
     * of customers may then take the index on (store, id): the known limit documented on PostgresSql.byIds.)
     */
    @Test
    void statisticsThatLagBehindStillLookUpEachCart() throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO cr_sequence (store_id, id, cart_id, customer_id, status, version, body) "
                    + "SELECT 'new-store', 'seq-' || n, 'c' || n, 'u' || n, 'ACTIVE', 1, '{}' "
                    + "FROM generate_series(1, 30000) AS n");
        }
        String plan = explain(Dialect.POSTGRESQL.sql().batchSequences(1000, 1000), "new-store", "c", "u");
        assertThat(plan).contains("Index Cond: (((store_id)::text = 'new-store'::text) AND ((cart_id)::text = (ids.id)::text))")
                .doesNotContain("Seq Scan");
    }

    /**
     * The plan of {@code sql}, each array bound to 1,000 ids with the next of {@code prefixes} and the store id after
     * it to {@code storeId}; a last plain parameter (an event type) is bound too.
     */
    private static String explain(String sql, String storeId, String... prefixes) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            int count = statement.getParameterMetaData().getParameterCount();
            int index = 1;
            for (String prefix : prefixes) {
                statement.setArray(index++, connection.createArrayOf("VARCHAR",
                        IntStream.range(0, 1000).mapToObj(n -> prefix + (n * 20 + 7)).toArray()));
                statement.setString(index++, storeId);
            }
            if (count == index) {
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

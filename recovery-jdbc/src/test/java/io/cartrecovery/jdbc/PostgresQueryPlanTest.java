package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

/** EXPLAIN shows that the hot queries use their indexes on a table of realistic shape. */
class PostgresQueryPlanTest {
    private static final int STORES = 20;
    private static final int PER_STORE = 1_000;
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("plan", 2);
    private static final PostgresSql PICK = (PostgresSql) Dialect.POSTGRESQL.sql();

    @BeforeAll
    static void fill() throws SQLException {
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(postgres.dataSource()).migrate(false).build();
        for (int s = 0; s < STORES; s++) {
            List<RecoverySequence> sequences = new ArrayList<>();
            for (int i = 0; i < PER_STORE; i++) {
                RecoverySequence sequence = RecoverySequence.start("seq-" + i, Fixtures.cart("store-" + s, "c" + i,
                        "u" + i, T0), SequenceType.FIRST_TIME, null,
                        SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plusSeconds(60L * i), T0);
                // Half of them ended long ago, as in a database that has run for a while.
                sequences.add(i % 2 == 0 ? sequence : sequence.stop(StopReason.PURCHASED, T0));
            }
            insertRaw(store, sequences);
        }
        try (Connection connection = postgres.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            // Carts: most are no longer watched (a sequence started or they were bought).
            statement.execute("INSERT INTO cr_cart (store_id, cart_id, body, abandonment_due_at) "
                    + "SELECT 'store-' || (n % 20), 'cart-' || n, '{}', CASE WHEN n % 10 = 0 "
                    + "THEN TIMESTAMP WITH TIME ZONE '2026-03-02 09:00:00+00' + n * INTERVAL '1 minute' END "
                    + "FROM generate_series(1, 20000) AS n");
            // Events: 200,000 in one store, one in ten an open or a click of one of 5,000 customers.
            statement.execute("INSERT INTO cr_event (store_id, sequence_id, customer_id, event_type, occurred_at, body) "
                    + "SELECT 'store-1', 'seq-' || (n % 5000), 'u' || (n % 5000), CASE WHEN n % 10 = 0 "
                    + "THEN 'MESSAGE_OPENED' WHEN n % 10 = 1 THEN 'STEP_SENT' ELSE 'STEP_SKIPPED' END, "
                    + "TIMESTAMP WITH TIME ZONE '2026-03-02 09:00:00+00' + n * INTERVAL '1 second', '{}' "
                    + "FROM generate_series(1, 200000) AS n");
            statement.execute("INSERT INTO cr_customer (store_id, customer_id, body, email_key) "
                    + "SELECT 'store-' || (n % 20), 'u' || (n / 20), '{}', 'u' || n || '@example.com' "
                    + "FROM generate_series(0, 19999) AS n");
            statement.execute("INSERT INTO cr_suppression (store_id, kind, key_value, suppressed_at) "
                    + "SELECT 'store-' || (n % 20), 'EMAIL', 'u' || n || '@example.com', now() "
                    + "FROM generate_series(0, 19999, 7) AS n");
            statement.execute("ANALYZE cr_customer");
            statement.execute("ANALYZE cr_suppression");
            statement.execute("ANALYZE cr_sequence");
            statement.execute("ANALYZE cr_cart");
            statement.execute("ANALYZE cr_event");
        }
    }

    /** Stopped sequences have version 2, which insertAll refuses; write them through the store's insert SQL. */
    private static void insertRaw(JdbcRecoveryStore store, List<RecoverySequence> sequences) throws SQLException {
        SequenceRows rows = new SequenceRows(Dialect.POSTGRESQL.sql(), new Json());
        try (Connection connection = postgres.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(Dialect.POSTGRESQL.sql().insertSequence())) {
            for (RecoverySequence sequence : sequences) {
                rows.bindInsert(statement, sequence);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void theDueWorkClaimUsesTheDueIndex() throws SQLException {
        String plan = explain(PICK.pickStatement(SqlDialect.Timers.SEQUENCES), statement -> {
            Instant now = T0.plusSeconds(600);
            PICK.setTime(statement, 1, now.plusSeconds(300));
            statement.setString(2, "node");
            PICK.setTime(statement, 3, now);
            PICK.setTime(statement, 4, now);
            statement.setInt(5, 100);
        });
        assertThat(plan).contains("cr_sequence_due").contains("LockRows").doesNotContain("Seq Scan on cr_sequence");

        String carts = explain(PICK.pickStatement(SqlDialect.Timers.CARTS),
                statement -> {
                    PICK.setTime(statement, 1, T0.plusSeconds(300));
                    statement.setString(2, "node");
                    PICK.setTime(statement, 3, T0);
                    PICK.setTime(statement, 4, T0);
                    statement.setInt(5, 100);
                });
        assertThat(carts).contains("cr_cart_due");
    }

    @Test
    void theActiveSequencesPageUsesTheActiveIndex() throws SQLException {
        String plan = explain("SELECT body FROM cr_sequence WHERE store_id = ? AND status = 'ACTIVE' AND id > ? "
                + "ORDER BY id LIMIT 51", statement -> {
                    statement.setString(1, "store-7");
                    statement.setString(2, "seq-500");
                });
        assertThat(plan).contains("cr_sequence_active").doesNotContain("Seq Scan");
    }

    @Test
    void theEngagementOfACustomerUsesThePartialEngagementIndex() throws SQLException {
        String plan = explain(Dialect.POSTGRESQL.sql().engagement(), statement -> {
            statement.setString(1, "store-1");
            statement.setString(2, "u42");
            PICK.setTime(statement, 3, T0);
            PICK.setTime(statement, 4, T0.plus(Duration.ofDays(90)));
        });
        assertThat(plan).contains("cr_event_engagement").doesNotContain("Seq Scan");
    }

    @Test
    void aStepsContextIsOneQueryOnPrimaryKeys() throws SQLException {
        String plan = explain(Dialect.POSTGRESQL.sql().stepContext(), statement -> {
            statement.setString(1, "store-3");
            statement.setString(2, "seq-42");
        });
        assertThat(plan).contains("cr_sequence_pkey", "cr_customer_pkey", "cr_suppression_pkey")
                .doesNotContain("Seq Scan");
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static String explain(String sql, Binder binder) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            binder.bind(statement);
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

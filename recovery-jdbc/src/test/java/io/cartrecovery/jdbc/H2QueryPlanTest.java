package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.test.Fixtures;
import org.h2.command.Command;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXPLAIN ANALYZE shows that the queries every poll and every step make read a few rows through an index on H2, not
 * every row of the store: on a store that has run for a while most sequences are over (no due time) and most carts
 * are no longer watched, and these rows must not be read again on each poll.
 */
class H2QueryPlanTest {
    private static final String STORE = "store-1";
    private static final int SEQUENCES = 2_000;
    /** A few dozen rows (H2 counts every index probe), far below the thousands a scan of the store reads. */
    private static final int FEW = 50;
    private static final H2Sql SQL = (H2Sql) Dialect.H2.sql();
    private static JdbcDataSource dataSource;

    @BeforeAll
    static void fill() throws SQLException {
        dataSource = Databases.h2();
        JdbcSchema.migrate(dataSource);
        List<RecoverySequence> sequences = new ArrayList<>();
        for (int i = 0; i < SEQUENCES; i++) {
            RecoverySequence sequence = RecoverySequence.start("seq-" + i, Fixtures.cart(STORE, "c" + i, "u" + i, T0),
                    SequenceType.FIRST_TIME, null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0,
                    T0.plusSeconds(60L * i), T0);
            // Nine in ten ended long ago, as in a database that has run for a while.
            sequences.add(i % 10 == 0 ? sequence : sequence.stop(StopReason.PURCHASED, T0));
        }
        SequenceRows rows = new SequenceRows(SQL, new Json());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(SQL.insertSequence());
             Statement statement = connection.createStatement()) {
            for (RecoverySequence sequence : sequences) {
                rows.bindInsert(insert, sequence);
                insert.addBatch();
            }
            insert.executeBatch();
            // Carts: nine in ten are no longer watched (a sequence started or they were bought).
            statement.execute("INSERT INTO cr_cart (store_id, cart_id, body, abandonment_due_at) SELECT '" + STORE
                    + "', 'c' || (X - 1), '{}', CASE WHEN MOD(X, 10) = 0 THEN TIMESTAMP WITH TIME ZONE "
                    + "'2026-03-02 09:00:00+00' + X * INTERVAL '1' MINUTE END FROM SYSTEM_RANGE(1, 2000)");
            statement.execute("INSERT INTO cr_customer (store_id, customer_id, body) SELECT '" + STORE
                    + "', 'u' || (X - 1), '{}' FROM SYSTEM_RANGE(1, 2000)");
            statement.execute("INSERT INTO cr_event (store_id, sequence_id, customer_id, event_type, occurred_at, "
                    + "body) SELECT '" + STORE + "', 'seq-' || MOD(X, 2000), 'u' || MOD(X, 2000), 'STEP_SENT', "
                    + "TIMESTAMP WITH TIME ZONE '2026-03-02 09:00:00+00' + X * INTERVAL '1' SECOND, '{}' "
                    + "FROM SYSTEM_RANGE(1, 10000)");
        }
    }

    @AfterAll
    static void shutdown() throws SQLException {
        Databases.shutdownH2(dataSource);
    }

    @Test
    void theDueTimersSkipSequencesAndCartsWithoutADueTime() throws SQLException {
        Instant now = T0.plusSeconds(600);
        assertThat(rowsRead(SQL.dueTimers(SqlDialect.Timers.SEQUENCES), now, now, 1)).isLessThan(FEW);
        assertThat(rowsRead(SQL.dueTimers(SqlDialect.Timers.CARTS), now, 1)).isLessThan(FEW);
    }

    @Test
    void theDueWorkPickReadsTheDueRowsOnly() throws SQLException {
        Instant now = T0.plusSeconds(600); // two sequences (seq-0, seq-10) and one cart are due: marked till +5 min
        for (SqlDialect.Timers timers : SqlDialect.Timers.values()) {
            assertThat(rowsRead(SQL.pickUpdate(timers), now.plusSeconds(300), "node", now, now, now, 10))
                    .as(timers.table).isLessThan(FEW);
        }
    }

    @Test
    void aPickMarksTheEarliestDueRowsThatNoLivePickHolds() throws SQLException {
        Instant now = T0.plusSeconds(3_000); // seq-0, seq-10, ... seq-50 are due
        try (Connection connection = dataSource.getConnection()) {
            List<String> first = new ArrayList<>();
            SQL.pick(connection, SqlDialect.Timers.SEQUENCES, now, now.plusSeconds(60), "node-a", 3,
                    row -> first.add(row.getString(2)));
            List<String> second = new ArrayList<>();
            SQL.pick(connection, SqlDialect.Timers.SEQUENCES, now, now.plusSeconds(60), "node-b", 10,
                    row -> second.add(row.getString(2)));
            assertThat(first).containsExactlyInAnyOrder("seq-0", "seq-10", "seq-20");
            assertThat(second).containsExactlyInAnyOrder("seq-30", "seq-40", "seq-50");
        }
    }

    @Test
    void theActiveSequenceOfACustomerComesFromTheOneActiveIndex() throws SQLException {
        assertThat(rowsRead(SQL.activeSequenceOfCustomer(), STORE, "u40")).isLessThan(FEW);
    }

    @Test
    void aBatchReadsTheRowsOfItsIdsOnly() throws SQLException {
        String[] carts = {"c10", "c20", "c30"};
        String[] customers = {"u10", "u20", "u30"};
        assertThat(rowsRead(SQL.batchCarts(3), carts, STORE)).isLessThan(FEW);
        assertThat(rowsRead(SQL.batchSequences(3, 3), carts, STORE, customers, STORE)).isLessThan(FEW);
        assertThat(rowsRead(SQL.batchCustomers(3), customers, STORE)).isLessThan(FEW);
        // The five events of each of the three sequences.
        assertThat(rowsRead(SQL.batchWithEvent(3), new String[] {"seq-10", "seq-20", "seq-30"}, STORE, "STEP_SENT"))
                .isLessThan(FEW);
    }

    @Test
    void aBatchStillFindsItsRows() throws SQLException {
        assertThat(ids(SQL.batchCarts(3), new String[] {"c10", "c11", "missing"}, STORE)).containsExactlyInAnyOrder(
                "c10", "c11");
        assertThat(ids(SQL.batchCustomers(2), new String[] {"u10", "u11"}, STORE)).containsExactlyInAnyOrder("u10",
                "u11");
        // u10's sequence is active (i % 10 == 0), u11's is over.
        assertThat(ids(SQL.activeSequenceOfCustomer(), STORE, "u10")).hasSize(1);
        assertThat(ids(SQL.activeSequenceOfCustomer(), STORE, "u11")).isEmpty();
        assertThat(ids(SQL.batchWithEvent(2), new String[] {"seq-10", "seq-11"}, STORE, "STEP_SENT"))
                .containsExactlyInAnyOrder("seq-10", "seq-11");
    }

    @Test
    void theBatchReadIsParsedOncePerConnection() throws SQLException {
        assertThat(keptParsed(SQL.batchSequences(3, 3))).isTrue();
        // What H2 does with a bare union, which the dialect wraps in a derived table for that reason.
        assertThat(keptParsed(SQL.sequencesOfCartsAndCustomers(3, 3))).isFalse();
    }

    /** Whether the session hands out the command it parsed before for {@code sql} instead of parsing it again. */
    private static boolean keptParsed(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            Command first = session.prepareLocal(sql);
            first.close();
            return session.prepareLocal(sql) == first;
        }
    }

    /** The rows H2 read to answer {@code sql} with {@code parameters} (arrays bound as SQL arrays). */
    private static int rowsRead(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = bind(connection, "EXPLAIN ANALYZE " + sql, parameters);
             ResultSet plan = statement.executeQuery()) {
            plan.next();
            Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan.getString(1));
            int read = 0;
            while (scans.find()) {
                read += Integer.parseInt(scans.group(1));
            }
            return read;
        }
    }

    /** The first column of every row {@code sql} returns. */
    private static List<String> ids(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = bind(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<String> found = new ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        }
    }

    private static PreparedStatement bind(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("VARCHAR", array));
            } else if (value instanceof Instant at) {
                SQL.setTime(statement, i + 1, at);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads of the event log in {@code cr_event}: a period, one sequence, a customer's engagement (from the
 * {@code cr_event_engagement} index), and analytics computed from a cursor so that memory grows with the number
 * of sequences in the period, not with the number of events.
 */
final class JdbcEvents {
    /** Opens and clicks of one customer; the event types repeat the predicate of PostgreSQL's partial index. */
    static final String ENGAGEMENT = "SELECT body FROM cr_event WHERE store_id = ? AND customer_id = ? "
            + "AND event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED') AND occurred_at >= ? AND occurred_at < ? "
            + "ORDER BY seq";
    static final String PERIOD = "SELECT body FROM cr_event WHERE store_id = ? AND occurred_at >= ? "
            + "AND occurred_at < ? ORDER BY seq";
    /** The calculator skips events without a sequence; the database need not send them. */
    static final String ANALYTICS = "SELECT body FROM cr_event WHERE store_id = ? AND occurred_at >= ? "
            + "AND occurred_at < ? AND sequence_id IS NOT NULL ORDER BY seq";
    /** Rows per cursor fetch while analytics stream the event log. */
    static final int FETCH_SIZE = 1_000;

    private final Jdbc jdbc;
    private final Rows rows;
    private final Json json;

    JdbcEvents(Jdbc jdbc, Rows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.json = rows.json();
    }

    List<RecoveryEvent> period(String storeId, Instant from, Instant to) {
        return jdbc.run("read events", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(PERIOD)) {
                bindPeriod(statement, storeId, from, to);
                return rows.readBodies(statement, RecoveryEvent.class);
            }
        });
    }

    List<RecoveryEvent> ofSequence(String storeId, String sequenceId) {
        return jdbc.run("read the events of a sequence", connection -> {
            try (PreparedStatement statement = Jdbc.prepare(connection,
                    "SELECT body FROM cr_event WHERE store_id = ? AND sequence_id = ? ORDER BY seq", storeId,
                    sequenceId)) {
                return rows.readBodies(statement, RecoveryEvent.class);
            }
        });
    }

    List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return jdbc.run("read the engagement of a customer", connection -> {
            try (PreparedStatement statement = Jdbc.prepare(connection, ENGAGEMENT, storeId, customerId)) {
                Jdbc.setTime(statement, 3, from);
                Jdbc.setTime(statement, 4, to);
                return rows.readBodies(statement, RecoveryEvent.class);
            }
        });
    }

    /**
     * The report of {@link AnalyticsCalculator} over the period's events, fed row by row from a cursor: in a
     * read-only transaction (PostgreSQL fetches with a cursor only outside auto-commit), {@link #FETCH_SIZE} rows
     * at a time.
     */
    AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        return jdbc.transaction("compute analytics", null, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(ANALYTICS)) {
                statement.setFetchSize(FETCH_SIZE);
                bindPeriod(statement, settings.storeId(), from, to);
                try (ResultSet found = statement.executeQuery()) {
                    return AnalyticsCalculator.report(settings.storeId(), from, to, settings.attributionWindow(),
                            () -> new Cursor(found), settings.experiments());
                }
            }
        });
    }

    private static void bindPeriod(PreparedStatement statement, String storeId, Instant from, Instant to)
            throws SQLException {
        statement.setString(1, storeId);
        Jdbc.setTime(statement, 2, from);
        Jdbc.setTime(statement, 3, to);
    }

    /** The events of an open result set, read as they are iterated. */
    private final class Cursor implements Iterator<RecoveryEvent> {
        private final ResultSet found;
        private Boolean ahead;

        Cursor(ResultSet found) {
            this.found = found;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                try {
                    ahead = found.next();
                } catch (SQLException e) {
                    throw Jdbc.failure("read events for analytics", e, null);
                }
            }
            return ahead;
        }

        @Override
        public RecoveryEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ahead = null;
            try {
                return json.read(found.getString(1), RecoveryEvent.class);
            } catch (SQLException e) {
                throw Jdbc.failure("read events for analytics", e, null);
            }
        }
    }
}

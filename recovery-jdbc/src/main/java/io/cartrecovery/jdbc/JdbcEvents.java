package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;

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
    /**
     * PostgreSQL: the headline of {@link AnalyticsCalculator} in SQL, with the calculator's rules: a sequence counts
     * from its first start event in the period unless its variant is a holdout; it is recovered by its first
     * purchase event after that; the purchase's value counts if it came within the attribution window of the
     * last first-time send of a step before it. Parameters: store, from, to, attribution window (ISO-8601).
     */
    static final String HEADLINE = "WITH ev AS (SELECT seq, sequence_id, event_type, occurred_at, amount, "
            + "CAST(body AS jsonb) AS j FROM cr_event WHERE store_id = ? AND occurred_at >= ? AND occurred_at < ? "
            + "AND sequence_id IS NOT NULL AND event_type IN ('SEQUENCE_STARTED', 'STEP_SENT', 'CART_RECOVERED')), "
            + "started AS (SELECT DISTINCT ON (sequence_id) sequence_id, seq, j ->> 'variant' AS variant FROM ev "
            + "WHERE event_type = 'SEQUENCE_STARTED' ORDER BY sequence_id, seq), "
            + "treated AS (SELECT sequence_id, seq FROM started "
            + "WHERE variant IS NULL OR variant NOT LIKE '%/holdout'), "
            + "recovered AS (SELECT DISTINCT ON (e.sequence_id) e.sequence_id, e.seq, e.occurred_at, e.amount "
            + "FROM ev e JOIN treated t ON t.sequence_id = e.sequence_id AND e.seq > t.seq "
            + "WHERE e.event_type = 'CART_RECOVERED' ORDER BY e.sequence_id, e.seq), "
            + "first_sent AS (SELECT DISTINCT ON (e.sequence_id, e.j ->> 'stepId') e.sequence_id, e.seq, "
            + "e.occurred_at FROM ev e JOIN treated t ON t.sequence_id = e.sequence_id AND e.seq > t.seq "
            + "WHERE e.event_type = 'STEP_SENT' AND e.j ->> 'stepId' IS NOT NULL "
            + "ORDER BY e.sequence_id, e.j ->> 'stepId', e.seq), "
            + "last_sent AS (SELECT DISTINCT ON (r.sequence_id) r.sequence_id, f.occurred_at FROM recovered r "
            + "JOIN first_sent f ON f.sequence_id = r.sequence_id AND f.seq < r.seq "
            + "ORDER BY r.sequence_id, f.seq DESC) "
            + "SELECT (SELECT COUNT(*) FROM treated), (SELECT COUNT(*) FROM recovered), "
            + "(SELECT COALESCE(SUM(COALESCE(r.amount, 0)), 0) FROM recovered r JOIN last_sent l "
            + "ON l.sequence_id = r.sequence_id WHERE r.occurred_at <= l.occurred_at + CAST(? AS INTERVAL))";
    /** Rows per cursor fetch while analytics stream the event log. */
    static final int FETCH_SIZE = 1_000;

    private final Jdbc jdbc;
    private final Rows rows;
    private final Json json;
    private final Dialect dialect;

    JdbcEvents(Jdbc jdbc, Rows rows, Dialect dialect) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.json = rows.json();
        this.dialect = dialect;
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

    /**
     * The recovery rate and recovered revenue of {@link #analytics}: in one SQL aggregate on PostgreSQL; on H2
     * (no JSON functions for the variant and step of an event) from the streamed report.
     */
    RecoveryHeadline headline(StoreSettings settings, Instant from, Instant to) {
        if (dialect != Dialect.POSTGRESQL) {
            AnalyticsReport report = analytics(settings, from, to);
            return new RecoveryHeadline(report.recovery(), report.recoveredRevenue());
        }
        return jdbc.run("compute the analytics headline", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(HEADLINE)) {
                bindPeriod(statement, settings.storeId(), from, to);
                statement.setString(4, settings.attributionWindow().toString());
                try (ResultSet found = statement.executeQuery()) {
                    found.next();
                    return new RecoveryHeadline(new Rate(found.getLong(2), found.getLong(1)),
                            found.getBigDecimal(3));
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

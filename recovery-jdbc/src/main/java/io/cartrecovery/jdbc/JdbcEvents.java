package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsReport;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Reads of the event log in {@code cr_event}: a period, one sequence, a customer's engagement (from the
 * {@code cr_event_engagement} index), and the analytics report, aggregated in SQL by {@link JdbcAnalytics}.
 */
final class JdbcEvents {
    /** Opens and clicks of one customer; the event types repeat the predicate of PostgreSQL's partial index. */
    static final String ENGAGEMENT = "SELECT body FROM cr_event WHERE store_id = ? AND customer_id = ? "
            + "AND event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED') AND occurred_at >= ? AND occurred_at < ? "
            + "ORDER BY seq";
    static final String PERIOD = "SELECT body FROM cr_event WHERE store_id = ? AND occurred_at >= ? "
            + "AND occurred_at < ? ORDER BY seq";

    private final Jdbc jdbc;
    private final Rows rows;
    private final JdbcAnalytics analytics;

    JdbcEvents(Jdbc jdbc, Rows rows, Dialect dialect) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.analytics = new JdbcAnalytics(jdbc, dialect);
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

    /** The report of {@link JdbcAnalytics} over the period's events of {@code settings}' store. */
    AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        return analytics.report(settings, from, to);
    }

    private static void bindPeriod(PreparedStatement statement, String storeId, Instant from, Instant to)
            throws SQLException {
        statement.setString(1, storeId);
        Jdbc.setTime(statement, 2, from);
        Jdbc.setTime(statement, 3, to);
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsReport;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

/**
 * Reads of the event log in {@code cr_event}: a period, one sequence, a customer's engagement (from the
 * {@code cr_event_engagement} index), and the analytics report, aggregated in SQL by {@link JdbcAnalytics}.
 */
final class JdbcEvents {
    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final SequenceRows rows;
    private final JdbcAnalytics analytics;

    JdbcEvents(Jdbc jdbc, SequenceRows rows) {
        this.jdbc = jdbc;
        this.sql = rows.sql();
        this.rows = rows;
        this.analytics = new JdbcAnalytics(jdbc, sql);
    }

    List<RecoveryEvent> period(String storeId, Instant from, Instant to) {
        return jdbc.run("read events", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, sql.eventsOfPeriod(), storeId)) {
                sql.setTime(statement, 2, from);
                sql.setTime(statement, 3, to);
                return rows.readBodies(statement, RecoveryEvent.class);
            }
        });
    }

    List<RecoveryEvent> ofSequence(String storeId, String sequenceId) {
        return jdbc.run("read the events of a sequence", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, sql.eventsOfSequence(), storeId, sequenceId)) {
                return rows.readBodies(statement, RecoveryEvent.class);
            }
        });
    }

    List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return jdbc.run("read the engagement of a customer", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, sql.engagement(), storeId, customerId)) {
                sql.setTime(statement, 3, from);
                sql.setTime(statement, 4, to);
                return rows.readBodies(statement, RecoveryEvent.class);
            }
        });
    }

    /** The report of {@link JdbcAnalytics} over the period's events of {@code settings}' store. */
    AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        return analytics.report(settings, from, to);
    }
}

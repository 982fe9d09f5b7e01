package io.cartrecovery.jdbc;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.ExperimentResults;
import io.cartrecovery.core.analytics.PurchaseTotal;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link AnalyticsReport} of {@link AnalyticsCalculator}, computed by one SQL statement of window functions and
 * aggregates over {@code cr_event}: the database returns a row per (arm, sequence type), per step and the one or two
 * middle recoveries, and this class assembles the report. The statement applies the calculator's rules: a sequence
 * counts from its first {@code SEQUENCE_STARTED} in the period (in the order of {@code seq}, the order of
 * appending) and takes its arm and type from it; only events after that start count; a step counts its first send,
 * then at most one open (or popup shown) and one click after that send; a step's message is delivered by that send,
 * or for a popup step (bound as parameters) by the first {@code POPUP_SHOWN} after it; the first
 * {@code CART_RECOVERED} is the purchase, credited by time to the last delivery at or before it (the later
 * {@code seq} of two at the same time) and recovered within the attribution window of it; it converts within the
 * window of the last step event (sent, skipped, failed) at or before it. Times are compared as stored, to the
 * microsecond. The statement is the dialect's ({@link SqlDialect#analytics}): {@code e}, the events the calculator
 * reads, with the seq of their sequence's first start; {@code t}, the events from that start on, with the
 * sequence's holdout flag, the seq of its first purchase, of the first send of the event's step, and whether that
 * step is a popup; {@code u}, with the first open, click and popup shown after the step's send, and the
 * sequence's sends and purchase; {@code w}, with the time of the last delivery and of the last step event at or
 * before the purchase; {@code y}, with the credited delivery and whether the sequence was recovered and converted;
 * {@code x}, the start rows, which stand for their sequences, and the step rows of treated sequences, aggregated by
 * arm and type or by step; then the middle recoveries from the start rows, in a second branch over {@code y}
 * (PostgreSQL and MariaDB) or, where each reference to a CTE computes it again (H2), ranked inside the chain and
 * returned as groups of their own ({@link AnalyticsSql#ranksInOnePass}).
 */
final class JdbcAnalytics {
    /** The columns that {@link #bindColumns} fills on every event insert (schema version 5). */
    static final int COLUMN_COUNT = 4;

    /** A longer attribution window counts as this one (200,000 years), which fits both databases' interval types. */
    private static final Duration MAX_WINDOW = ChronoUnit.MILLENNIA.getDuration().multipliedBy(200);

    private final Jdbc jdbc;
    private final SqlDialect sql;
    /** The statement for each number of popup steps. */
    private final Map<Integer, String> statements = new ConcurrentHashMap<>();

    JdbcAnalytics(Jdbc jdbc, SqlDialect sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /**
     * Binds the analytics columns of {@code event}, in the order {@code step_id, variant, sequence_type,
     * amount_scale}, from parameter {@code first} on. The sequence type is that of a {@code SEQUENCE_STARTED} whose
     * detail names one, as the calculator reads it.
     */
    static void bindColumns(PreparedStatement statement, int first, RecoveryEvent event) throws SQLException {
        statement.setString(first, event.stepId());
        statement.setString(first + 1, event.variant());
        statement.setString(first + 2, event.type() == EventType.SEQUENCE_STARTED ? typeName(event.detail()) : null);
        if (event.value() == null) {
            statement.setNull(first + 3, Types.INTEGER);
        } else {
            statement.setInt(first + 3, event.value().scale());
        }
    }

    private static String typeName(String detail) {
        for (SequenceType type : SequenceType.values()) {
            if (type.name().equals(detail)) {
                return detail;
            }
        }
        return null;
    }

    /** The report of {@code settings}' store over {@code [from, to)}; equal to the calculator's over the same log. */
    AnalyticsReport report(StoreSettings settings, Instant from, Instant to) {
        if (from == null || to == null) {
            throw new IllegalArgumentException((from == null ? "from" : "to") + " must not be null");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        List<String> popups = List.copyOf(AnalyticsCalculator.popupSteps(settings));
        Totals totals = jdbc.run("compute analytics", connection -> {
            String query = statements.computeIfAbsent(popups.size(), sql::analytics);
            try (PreparedStatement statement = sql.prepare(connection, query, settings.storeId())) {
                sql.setTime(statement, 2, from);
                sql.setTime(statement, 3, to);
                int index = 4;
                for (String popup : popups) {
                    statement.setString(index++, popup);
                }
                bindWindow(statement, index, settings.attributionWindow());
                bindWindow(statement, index + 1, settings.attributionWindow());
                try (ResultSet rows = statement.executeQuery()) {
                    Totals read = new Totals(sql);
                    while (rows.next()) {
                        read.add(rows);
                    }
                    return read;
                }
            }
        });
        return totals.report(settings, from, to);
    }

    /** The window, at most {@link #MAX_WINDOW}, to the microsecond the times are stored with. */
    private void bindWindow(PreparedStatement statement, int index, Duration window) throws SQLException {
        sql.bindWindow(statement, index, (window.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : window)
                .truncatedTo(ChronoUnit.MICROS));
    }

    /** What the rows say, summed as the calculator sums its sequences. */
    private static final class Totals {
        private final SqlDialect sql;
        private long started;
        private long recovered;
        private long sent;
        private long early;
        private BigDecimal revenue = BigDecimal.ZERO;
        private BigDecimal earlyRevenue = BigDecimal.ZERO;
        private final Map<SequenceType, Rate> byType = new EnumMap<>(SequenceType.class);
        private final Map<String, Rate> byVariant = new HashMap<>();
        private final Map<String, Rate> conversions = new HashMap<>();
        private final Map<String, StepStats> steps = new HashMap<>();
        private final List<Duration> middle = new ArrayList<>(2);

        Totals(SqlDialect sql) {
            this.sql = sql;
        }

        void add(ResultSet row) throws SQLException {
            String kind = row.getString("kind");
            String label = row.getString("label");
            switch (kind) {
                case "S" -> {
                    addSequences(row, label);
                    Instant startedAt = sql.getTime(row, row.findColumn("started_at"));
                    if (startedAt != null) { // a middle recovery in a group of its own (ranked in one pass)
                        middle.add(Duration.between(startedAt, sql.getTime(row, row.findColumn("purchased_at"))));
                    }
                }
                case "T" -> steps.put(label, new StepStats(label, row.getLong("n1"), row.getLong("n2"),
                        row.getLong("n3"), row.getLong("n4")));
                case "M" -> middle.add(Duration.between(sql.getTime(row, row.findColumn("started_at")),
                        sql.getTime(row, row.findColumn("purchased_at"))));
                default -> throw new IllegalStateException("unknown analytics row " + kind);
            }
        }

        private void addSequences(ResultSet row, String variant) throws SQLException {
            String type = row.getString("sequence_type");
            Rate rate = new Rate(row.getLong("n2"), row.getLong("n1"));
            if (variant != null) {
                byVariant.merge(variant, rate, Rate::plus);
                conversions.merge(variant, new Rate(row.getLong("n5"), rate.total()), Rate::plus);
            }
            if (row.getInt("holdout") == 1) {
                return;
            }

            started += rate.total();
            recovered += rate.count();
            sent += row.getLong("n3");
            early += row.getLong("n4");
            if (type != null) {
                byType.merge(SequenceType.valueOf(type), rate, Rate::plus);
            }
            revenue = revenue.add(amount(row, "revenue"));
            earlyRevenue = earlyRevenue.add(amount(row, "early_revenue"));
        }

        /** The sum in column {@code sum}, with the scale in the next column; zero when it is null. */
        private static BigDecimal amount(ResultSet row, String sum) throws SQLException {
            BigDecimal amount = row.getBigDecimal(sum);
            return amount == null ? BigDecimal.ZERO : withScale(amount, row.getInt(row.findColumn(sum) + 1));
        }

        /**
         * A sum with the largest scale of its amounts, as BigDecimal addition gives it (H2 keeps amounts with 10
         * decimal places), never below the digits it has.
         */
        private static BigDecimal withScale(BigDecimal sum, int amountScale) {
            return sum.setScale(Math.max(Math.max(amountScale, 0), Math.max(sum.stripTrailingZeros().scale(), 0)));
        }

        AnalyticsReport report(StoreSettings settings, Instant from, Instant to) {
            Map<SequenceType, Rate> types = new EnumMap<>(SequenceType.class);
            for (SequenceType type : SequenceType.values()) {
                types.put(type, byType.getOrDefault(type, Rate.ZERO));
            }
            return new AnalyticsReport(settings.storeId(), from, to, settings.attributionWindow(),
                    new Rate(recovered, started), revenue, new PurchaseTotal(early, earlyRevenue), types, byVariant,
                    steps, started == 0 ? 0.0 : (double) sent / started, AnalyticsCalculator.median(middle),
                    ExperimentResults.of(conversions, settings.experiments()));
        }
    }
}

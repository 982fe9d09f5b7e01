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
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * microsecond.
 */
final class JdbcAnalytics {
    /** The columns that {@link #bindColumns} fills on every event insert (schema version 5). */
    static final int COLUMN_COUNT = 4;

    private static final String TRACKED = "'SEQUENCE_STARTED', 'STEP_SENT', 'STEP_SKIPPED', 'STEP_FAILED', "
            + "'MESSAGE_OPENED', 'POPUP_SHOWN', 'MESSAGE_CLICKED', 'CART_RECOVERED'";
    /** A longer attribution window counts as this one (200,000 years), which fits both databases' interval types. */
    private static final Duration MAX_WINDOW = ChronoUnit.MILLENNIA.getDuration().multipliedBy(200);

    private final Jdbc jdbc;
    private final Dialect dialect;

    JdbcAnalytics(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
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
            try (PreparedStatement statement = connection.prepareStatement(sql(dialect, popups.size()))) {
                statement.setString(1, settings.storeId());
                Jdbc.setTime(statement, 2, from);
                Jdbc.setTime(statement, 3, to);
                int index = 4;
                for (String popup : popups) {
                    statement.setString(index++, popup);
                }
                bindWindow(statement, index, settings.attributionWindow());
                bindWindow(statement, index + 1, settings.attributionWindow());
                try (ResultSet rows = statement.executeQuery()) {
                    Totals read = new Totals();
                    while (rows.next()) {
                        read.add(rows);
                    }
                    return read;
                }
            }
        });
        return totals.report(settings, from, to);
    }

    /** PostgreSQL: an ISO-8601 interval; H2: microseconds. Both to the microsecond the times are stored with. */
    private void bindWindow(PreparedStatement statement, int index, Duration window) throws SQLException {
        Duration micros = (window.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : window).truncatedTo(ChronoUnit.MICROS);
        if (dialect == Dialect.POSTGRESQL) {
            long days = micros.toDays();
            Duration rest = micros.minusDays(days);
            statement.setString(index, String.format(Locale.ROOT, "P%dDT%d.%06dS", days, rest.getSeconds(),
                    rest.getNano() / 1_000));
        } else {
            statement.setLong(index, micros.getSeconds() * 1_000_000 + micros.getNano() / 1_000);
        }
    }

    /**
     * The statement: a chain of window functions over the period's events of one sequence after another, then
     * small aggregates. {@code e}: the events the calculator reads, with the seq of their sequence's first start.
     * {@code t}: the events from that start on, with the sequence's holdout flag, the seq of its first purchase, of
     * the first send of the event's step, and whether that step is a popup. {@code u}: with the first open, click
     * and popup shown after the step's send, and the sequence's sends and purchase. {@code w}: with the time of the
     * last delivery and of the last step event at or before the purchase. {@code y}: with the credited delivery and
     * whether the sequence was recovered and converted. {@code x}: the start rows, which stand for their sequences,
     * and the step rows of treated sequences, aggregated by arm and type or by step; then the middle recoveries
     * from the start rows. PostgreSQL computes {@code y} once for both (a CTE named twice is materialized), H2
     * twice. Parameters: store, from, to, the {@code popups} popup step ids, attribution window twice.
     */
    private static String sql(Dialect dialect, int popups) {
        boolean postgres = dialect == Dialect.POSTGRESQL;
        String nullTime = "CAST(NULL AS TIMESTAMP WITH TIME ZONE)";
        String sequence = " OVER (PARTITION BY sequence_id) AS ";
        String step = " OVER (PARTITION BY sequence_id, step_id) AS ";
        String popup = popups == 0 ? "0" : "CASE WHEN step_id IN (" + String.join(", ", Collections.nCopies(popups,
                "?")) + ") THEN 1 ELSE 0 END";
        String delivery = "((popup = 0 AND seq = sent_seq) OR (popup = 1 AND seq = shown_seq)) "
                + "AND occurred_at <= recovered_at";
        String early = "recovered_seq IS NOT NULL AND delivered_at IS NULL";
        return "WITH e AS (SELECT seq, sequence_id, event_type, occurred_at, amount, amount_scale, step_id, variant, "
                + "sequence_type, MIN(CASE WHEN event_type = 'SEQUENCE_STARTED' THEN seq END)" + sequence + "start_seq "
                + "FROM cr_event WHERE store_id = ? AND occurred_at >= ? AND occurred_at < ? "
                + "AND sequence_id IS NOT NULL AND event_type IN (" + TRACKED + ")), "
                + "t AS (SELECT e.*, "
                + "MAX(CASE WHEN seq = start_seq AND variant LIKE '%/holdout' THEN 1 ELSE 0 END)" + sequence
                + "holdout, "
                + "MIN(CASE WHEN event_type = 'CART_RECOVERED' THEN seq END)" + sequence + "recovered_seq, "
                + "MIN(CASE WHEN event_type = 'STEP_SENT' AND step_id IS NOT NULL THEN seq END)" + step + "sent_seq, "
                + popup + " AS popup "
                + "FROM e WHERE seq >= start_seq), "
                + "u AS (SELECT t.*, "
                + "COUNT(CASE WHEN seq = sent_seq THEN 1 END)" + sequence + "sent, "
                + "MAX(CASE WHEN seq = recovered_seq THEN occurred_at END)" + sequence + "recovered_at, "
                + "MAX(CASE WHEN seq = recovered_seq THEN COALESCE(amount, 0) END)" + sequence + "recovered_amount, "
                + "MAX(CASE WHEN seq = recovered_seq THEN amount_scale END)" + sequence + "recovered_scale, "
                + "MIN(CASE WHEN event_type IN ('MESSAGE_OPENED', 'POPUP_SHOWN') AND seq > sent_seq THEN seq END)"
                + step + "opened_seq, "
                + "MIN(CASE WHEN event_type = 'MESSAGE_CLICKED' AND seq > sent_seq THEN seq END)" + step
                + "clicked_seq, "
                + "MIN(CASE WHEN event_type = 'POPUP_SHOWN' AND seq > sent_seq THEN seq END)" + step + "shown_seq "
                + "FROM t), "
                + "w AS (SELECT u.*, MAX(CASE WHEN " + delivery + " THEN occurred_at END)" + sequence
                + "delivered_at, "
                + "MAX(CASE WHEN event_type IN ('STEP_SENT', 'STEP_SKIPPED', 'STEP_FAILED') AND step_id IS NOT NULL "
                + "AND occurred_at <= recovered_at THEN occurred_at END)" + sequence + "step_at FROM u), "
                + "y AS (SELECT w.*, "
                + "MAX(CASE WHEN " + delivery + " AND occurred_at = delivered_at THEN seq END)" + sequence
                + "credited_seq, "
                + "CASE WHEN " + within(postgres, "delivered_at") + " THEN 1 ELSE 0 END AS recovered, "
                + "CASE WHEN " + within(postgres, "step_at") + " THEN 1 ELSE 0 END AS converted FROM w), "
                // a start row stands for its sequence, a treated step row for its step
                + "x AS (SELECT CASE WHEN seq = start_seq THEN 'S' ELSE 'T' END AS kind, "
                + "CASE WHEN seq = start_seq THEN variant ELSE step_id END AS label, "
                + "CASE WHEN seq = start_seq THEN sequence_type END AS sequence_type, holdout, seq, "
                + "sent_seq, opened_seq, clicked_seq, credited_seq, recovered_seq, delivered_at, sent, "
                + "recovered_amount, recovered_scale, recovered, converted "
                + "FROM y WHERE seq = start_seq OR (holdout = 0 AND sent_seq IS NOT NULL)) "
                // per arm and type: started, recovered, messages sent, bought before any message, converted, the
                // revenue of both; per step: first sends, opens and clicks after them, recoveries credited
                + "SELECT kind, label, sequence_type, holdout, "
                + "SUM(CASE WHEN kind = 'S' OR seq = sent_seq THEN 1 ELSE 0 END) AS n1, "
                + "SUM(CASE WHEN kind = 'S' THEN recovered WHEN seq = opened_seq THEN 1 ELSE 0 END) AS n2, "
                + "SUM(CASE WHEN kind = 'S' THEN sent WHEN seq = clicked_seq THEN 1 ELSE 0 END) AS n3, "
                + "SUM(CASE WHEN kind = 'S' THEN (CASE WHEN " + early + " THEN 1 ELSE 0 END) "
                + "WHEN seq = credited_seq AND recovered = 1 THEN 1 ELSE 0 END) AS n4, "
                + "SUM(CASE WHEN kind = 'S' THEN converted ELSE 0 END) AS n5, "
                + "SUM(CASE WHEN kind = 'S' AND recovered = 1 THEN recovered_amount END) AS revenue, "
                + "MAX(CASE WHEN kind = 'S' AND recovered = 1 THEN recovered_scale END) AS revenue_scale, "
                + "SUM(CASE WHEN kind = 'S' AND " + early + " THEN recovered_amount END) AS early_revenue, "
                + "MAX(CASE WHEN kind = 'S' AND " + early + " THEN recovered_scale END) AS early_scale, "
                + nullTime + " AS started_at, " + nullTime + " AS purchased_at "
                + "FROM x GROUP BY kind, label, sequence_type, holdout "
                // the one or two middle treated recoveries by time to recovery
                + "UNION ALL SELECT 'M', NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, occurred_at, "
                + "recovered_at FROM (SELECT occurred_at, recovered_at, ROW_NUMBER() OVER (ORDER BY "
                + (postgres ? "recovered_at - occurred_at" : "DATEDIFF(MICROSECOND, occurred_at, recovered_at)")
                + ") AS position, COUNT(*) OVER () AS n FROM y "
                + "WHERE seq = start_seq AND holdout = 0 AND recovered = 1) m "
                + "WHERE position IN ((n + 1) / 2, n / 2 + 1)";
    }

    /** Whether the purchase came at most the attribution window (a parameter) after {@code since}, when set. */
    private static String within(boolean postgres, String since) {
        return since + " IS NOT NULL AND " + (postgres ? "recovered_at - " + since + " <= CAST(? AS INTERVAL)"
                : "DATEDIFF(MICROSECOND, " + since + ", recovered_at) <= ?");
    }

    /** What the rows say, summed as the calculator sums its sequences. */
    private static final class Totals {
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

        void add(ResultSet row) throws SQLException {
            String kind = row.getString("kind");
            String label = row.getString("label");
            switch (kind) {
                case "S" -> addSequences(row, label);
                case "T" -> steps.put(label, new StepStats(label, row.getLong("n1"), row.getLong("n2"),
                        row.getLong("n3"), row.getLong("n4")));
                case "M" -> middle.add(Duration.between(Jdbc.getTime(row, row.findColumn("started_at")),
                        Jdbc.getTime(row, row.findColumn("purchased_at"))));
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

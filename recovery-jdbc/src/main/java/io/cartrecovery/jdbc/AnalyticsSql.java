package io.cartrecovery.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;

/**
 * The part of {@link SqlDialect} that computes the analytics report ({@link JdbcAnalytics}): one statement the
 * dialects share, with hooks for what they write differently (time arithmetic, integer division).
 */
abstract class AnalyticsSql {
    private static final String TRACKED = "'SEQUENCE_STARTED', 'STEP_SENT', 'STEP_SKIPPED', 'STEP_FAILED', "
            + "'MESSAGE_OPENED', 'POPUP_SHOWN', 'MESSAGE_CLICKED', 'CART_RECOVERED'";

    /** Whether the purchase came at most the attribution window (a parameter) after {@code since}, when set. */
    abstract String withinWindow(String since);

    /** An expression that orders by the time from {@code from} to {@code to}. */
    abstract String timeBetween(String from, String to);

    /** A NULL of the time type. */
    abstract String nullTime();

    /** Integer division of a count by two. */
    String half(String count) {
        return "(" + count + ") / 2";
    }

    /** Binds the attribution window (at most 200,000 years, to the microsecond) for {@link #withinWindow}. */
    abstract void bindWindow(PreparedStatement statement, int index, Duration micros) throws SQLException;

    /**
     * The analytics statement: a chain of window functions over the period's events of one sequence after
     * another, then small aggregates; {@link JdbcAnalytics} describes the steps. Parameters: store, from, to, the
     * {@code popups} popup step ids, attribution window twice.
     */
    final String analytics(int popups) {
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
                + "CASE WHEN " + withinWindow("delivered_at") + " THEN 1 ELSE 0 END AS recovered, "
                + "CASE WHEN " + withinWindow("step_at") + " THEN 1 ELSE 0 END AS converted FROM w), "
                // a start row stands for its sequence, a treated step row for its step; a treated recovered
                // sequence is a candidate for the middle time to recovery
                + "x AS (SELECT CASE WHEN seq = start_seq THEN 'S' ELSE 'T' END AS kind, "
                + "CASE WHEN seq = start_seq THEN variant ELSE step_id END AS label, "
                + "CASE WHEN seq = start_seq THEN sequence_type END AS sequence_type, holdout, seq, "
                + "sent_seq, opened_seq, clicked_seq, credited_seq, recovered_seq, delivered_at, sent, "
                + "recovered_amount, recovered_scale, recovered, converted, occurred_at, recovered_at, "
                + "CASE WHEN seq = start_seq AND holdout = 0 AND recovered = 1 THEN 1 ELSE 0 END AS candidate "
                + "FROM y WHERE seq = start_seq OR (holdout = 0 AND sent_seq IS NOT NULL))"
                + (ranksInOnePass() ? middleInOnePass(early) : middleInASecondBranch(early));
    }

    /**
     * Whether the middle recoveries are ranked inside the chain, returned in groups of their own, instead of in a
     * second branch that reads {@code y} again: for a database that computes a CTE again for each reference (H2),
     * not for one that materializes it (PostgreSQL ranks only the candidates then, not every row of {@code x}).
     */
    boolean ranksInOnePass() {
        return false;
    }

    /**
     * Per arm and type: started, recovered, messages sent, bought before any message, converted, the revenue of
     * both; per step: first sends, opens and clicks after them, recoveries credited. Then the two times of a middle
     * recovery's group, {@code started_at} and {@code purchased_at}.
     */
    private static String aggregates(String early, String startedAt, String purchasedAt) {
        return "SELECT kind, label, sequence_type, holdout, "
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
                + startedAt + " AS started_at, " + purchasedAt + " AS purchased_at ";
    }

    /** The candidates ranked in {@code x}'s rows; the one or two in the middle keep their seq as a group key. */
    private String middleInOnePass(String early) {
        return ", r AS (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY candidate ORDER BY "
                + timeBetween("occurred_at", "recovered_at") + ") AS position, "
                + "COUNT(CASE WHEN candidate = 1 THEN 1 END) OVER () AS candidates FROM x), "
                + "m AS (SELECT r.*, CASE WHEN candidate = 1 AND position IN (" + half("candidates + 1") + ", "
                + half("candidates") + " + 1) THEN seq END AS middle FROM r) "
                + aggregates(early, "MIN(CASE WHEN middle IS NOT NULL THEN occurred_at END)",
                "MIN(CASE WHEN middle IS NOT NULL THEN recovered_at END)")
                + "FROM m GROUP BY kind, label, sequence_type, holdout, middle";
    }

    /** The groups of {@code x}, then rows {@code 'M'}: the one or two middle candidates, ranked alone. */
    private String middleInASecondBranch(String early) {
        return " " + aggregates(early, nullTime(), nullTime())
                + "FROM x GROUP BY kind, label, sequence_type, holdout "
                + "UNION ALL SELECT 'M', NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, occurred_at, "
                + "recovered_at FROM (SELECT occurred_at, recovered_at, ROW_NUMBER() OVER (ORDER BY "
                + timeBetween("occurred_at", "recovered_at") + ") AS position, COUNT(*) OVER () AS n FROM y "
                + "WHERE seq = start_seq AND holdout = 0 AND recovered = 1) m "
                + "WHERE position IN (" + half("n + 1") + ", " + half("n") + " + 1)";
    }
}

package io.cartrecovery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * PostgreSQL 12+: {@code ON CONFLICT} upserts, {@code FOR UPDATE SKIP LOCKED} picks, and the tricks that make it
 * fast: picks and claims commit without waiting for the log ({@link #ASYNC_COMMIT}), a write and its events go
 * as one data-modifying {@code WITH}, concurrent compare-and-sets as one {@code UPDATE ... FROM (VALUES ...)}
 * ({@link #changes}), and batch reads look each id of an array up in the index.
 */
final class PostgresSql extends SqlDialect {
    private static final long ADVISORY_LOCK_KEY = 0x63617274_7265636FL; // "cartreco"

    /**
     * A {@code WITH} item that turns {@code synchronous_commit} off for the current transaction only; a
     * data-modifying statement that joins it (as {@code FROM async_commit}) commits without waiting for the log.
     * The change is visible to every connection at once; only a database crash in the next fraction of a second
     * can undo it. For leases (picks and claims) alone, whose loss at worst lets a step run again with its
     * idempotency key.
     */
    static final String ASYNC_COMMIT = "async_commit AS (SELECT set_config('synchronous_commit', 'off', true))";

    /** One event as a row of a {@code VALUES} list, typed so that PostgreSQL needs no other hint. */
    private static final String EVENT_VALUES = "?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS NUMERIC), "
            + "?, ?, ?, ?, CAST(? AS INTEGER)";
    private static final String CHANGE_VALUES = "CAST(? AS INTEGER), CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
            + "CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), "
            + "CAST(? AS TEXT), CAST(? AS TIMESTAMP WITH TIME ZONE)";

    @Override
    String resourceFolder() {
        return "postgresql";
    }

    /** An advisory lock, so that nodes that start at the same time migrate one after the other. */
    @Override
    <T> T migrationLock(Connection connection, Jdbc.Work<T> work) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK_KEY + ")");
        }
        try {
            return work.run(connection);
        } finally {
            try (Statement unlock = connection.createStatement()) {
                unlock.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK_KEY + ")");
            }
        }
    }

    @Override
    String upsert(String table, int keyCount, String... columns) {
        String cols = String.join(", ", columns);
        StringJoiner set = new StringJoiner(", ");
        for (String column : Arrays.asList(columns).subList(keyCount, columns.length)) {
            set.add(column + " = EXCLUDED." + column);
        }
        return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks(cols) + ") ON CONFLICT ("
                + String.join(", ", Arrays.asList(columns).subList(0, keyCount)) + ") DO UPDATE SET " + set;
    }

    /** No error on a duplicate, which would abort a host's transaction. */
    @Override
    String ignoringDuplicates(String insert) {
        return insert + " ON CONFLICT DO NOTHING";
    }

    @Override
    boolean writesWithEventsInOneStatement() {
        return true;
    }

    @Override
    boolean combinesWrites() {
        return true;
    }

    /**
     * The compare-and-set and the insert of its {@code events} (at least one) as one statement, atomic without a
     * transaction: parameters of {@link SequenceRows#bindUpdate}, then of each event.
     */
    @Override
    String updateWithEvents(int events) {
        return "WITH changed AS (" + updateSequence() + " RETURNING 1) " + insertEventsJoined("changed", events);
    }

    /** One new sequence and its {@code events} (at least one) as one statement. */
    @Override
    String insertWithEvents(int events) {
        return "WITH inserted AS (" + insertSequence() + " RETURNING 1) " + insertEventsJoined("inserted", events);
    }

    /** Inserts {@code count} events, in order, once for each row of {@code cte} (that is: only if it changed a row). */
    private static String insertEventsJoined(String cte, int count) {
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            values.add("(" + i + ", " + EVENT_VALUES + ")");
        }
        return "INSERT INTO cr_event (" + SequenceRows.EVENT_COLUMNS + ") SELECT " + SequenceRows.EVENT_COLUMNS
                + " FROM (VALUES " + values + ") AS v(ord, " + SequenceRows.EVENT_COLUMNS + ") CROSS JOIN " + cte
                + " ORDER BY v.ord";
    }

    /**
     * {@code changeRows} compare-and-sets and the insert of {@code eventRows} events of those that took effect, as
     * one statement that returns the {@code ord} of each change that did. Per change: ord, store, id, version,
     * then {@link SequenceRows#bindNext}; per event: the ord of its change, its position, then
     * {@link SequenceRows#bindEvent}. {@code claims} commit asynchronously.
     */
    @Override
    String changes(int changeRows, int eventRows, boolean claims) {
        StringJoiner changeValues = new StringJoiner(", ");
        for (int i = 0; i < changeRows; i++) {
            changeValues.add("(" + CHANGE_VALUES + ")");
        }
        StringBuilder sql = new StringBuilder("WITH ");
        if (claims) {
            sql.append(ASYNC_COMMIT).append(", ");
        }
        sql.append("v(ord, store_id, id, version, status, due_at, next_version, body, picked_until) AS (VALUES ")
                .append(changeValues).append("), changed AS (UPDATE cr_sequence s SET status = v.status, ")
                .append("due_at = v.due_at, version = v.next_version, body = v.body, picked_until = v.picked_until, ")
                .append("picked_by = NULL FROM v").append(claims ? ", async_commit" : "")
                .append(" WHERE s.store_id = v.store_id AND s.id = v.id AND s.version = v.version RETURNING v.ord)");
        if (eventRows > 0) {
            StringJoiner eventValues = new StringJoiner(", ");
            for (int i = 0; i < eventRows; i++) {
                eventValues.add("(CAST(? AS INTEGER), CAST(? AS INTEGER), " + EVENT_VALUES + ")");
            }
            StringJoiner prefixed = new StringJoiner(", ");
            for (String column : SequenceRows.EVENT_COLUMNS.split(", ")) {
                prefixed.add("e." + column);
            }
            sql.append(", inserted AS (INSERT INTO cr_event (").append(SequenceRows.EVENT_COLUMNS).append(") SELECT ")
                    .append(prefixed).append(" FROM (VALUES ").append(eventValues)
                    .append(") AS e(ord, k, ").append(SequenceRows.EVENT_COLUMNS)
                    .append(") JOIN changed ON changed.ord = e.ord ORDER BY e.k)");
        }
        return sql.append(" SELECT ord FROM changed").toString();
    }

    /** Concurrent pickers skip each other's locked rows; the pick commits asynchronously. */
    String pickStatement(Timers timers) {
        return "WITH " + ASYNC_COMMIT + " UPDATE " + timers.table + " SET picked_until = ?, picked_by = ? "
                + "FROM async_commit WHERE (" + timers.keys() + ") IN (" + duePicks(timers, " FOR UPDATE SKIP LOCKED")
                + ") RETURNING " + timers.keys() + ", " + timers.due;
    }

    @Override
    void pick(Connection connection, Timers timers, Instant now, Instant until, String node, int limit,
              RowReader reader) throws SQLException {
        pickWith(connection, pickStatement(timers), now, until, node, limit, reader);
    }

    /**
     * A walk over the array that looks each id up in the index: {@code UNNEST(?)} joined {@code LATERAL} to a
     * fenced subquery ({@code OFFSET 0}, or {@code LIMIT 1} for one row per id), a plan the statistics cannot
     * change. With {@code = ANY(?)} or {@code IN (SELECT ...)}, statistics lagging behind a growing table (a new
     * store, or right after a truncate) led the planner to compare every row of the store with every id: seconds
     * for 1,000 ids. Known limit: when PostgreSQL believes the store has no rows at all, the index on (store, id)
     * looks as cheap as the one on (store, customer) for the active sequences of customers, until the next ANALYZE.
     */
    /** The partial unique index {@code cr_sequence_one_active} is on {@code customer_id} where the status is active. */
    @Override
    String activeCustomer() {
        return "customer_id";
    }

    @Override
    String byIds(String columns, String table, String idColumn, String filter, int ids, boolean distinct) {
        return "SELECT found.* FROM UNNEST(CAST(? AS VARCHAR[])) AS ids(id) CROSS JOIN LATERAL (SELECT " + columns
                + " FROM " + table + " WHERE store_id = ? AND " + idColumn + " = ids.id" + filter
                + (distinct ? " LIMIT 1" : " OFFSET 0") + ") AS found";
    }

    @Override
    String withinWindow(String since) {
        return since + " IS NOT NULL AND recovered_at - " + since + " <= CAST(? AS INTERVAL)";
    }

    @Override
    String timeBetween(String from, String to) {
        return to + " - " + from;
    }

    @Override
    String nullTime() {
        return "CAST(NULL AS TIMESTAMP WITH TIME ZONE)";
    }

    /** An ISO-8601 interval. */
    @Override
    void bindWindow(PreparedStatement statement, int index, Duration micros) throws SQLException {
        long days = micros.toDays();
        Duration rest = micros.minusDays(days);
        statement.setString(index, String.format(Locale.ROOT, "P%dDT%d.%06dS", days, rest.getSeconds(),
                rest.getNano() / 1_000));
    }
}

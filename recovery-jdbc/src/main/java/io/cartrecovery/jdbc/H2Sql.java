package io.cartrecovery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** H2 2.x: {@code MERGE} upserts, ids as an array joined through {@code UNNEST}, picks through {@code FINAL TABLE}. */
final class H2Sql extends SqlDialect {
    /** H2 is single-node: migrations serialize within the JVM. */
    private static final Object MIGRATION_LOCK = new Object();
    /** The earliest instant H2 stores, as a literal: no stored time is before it. */
    private static final String EARLIEST = "TIMESTAMP WITH TIME ZONE '-999999999-01-01 00:00:00Z'";

    @Override
    String resourceFolder() {
        return "h2";
    }

    @Override
    <T> T migrationLock(Connection connection, Jdbc.Work<T> work) throws SQLException {
        synchronized (MIGRATION_LOCK) {
            return work.run(connection);
        }
    }

    @Override
    String upsert(String table, int keyCount, String... columns) {
        String cols = String.join(", ", columns);
        return "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", java.util.Arrays.asList(columns)
                .subList(0, keyCount)) + ") VALUES (" + marks(cols) + ")";
    }

    /**
     * H2's index keeps the rows without a due time (terminal sequences, carts no longer watched) first, and a range
     * that only has an upper end starts there: {@code due <= ?} alone reads every one of them on each poll. The
     * lower end, the earliest time H2 can store, makes the range start at the first due time instead.
     */
    @Override
    String dueBy(Timers timers) {
        return timers.due + " >= " + EARLIEST + " AND " + timers.due + " <= ?";
    }

    /** The picked rows as the update left them, from {@code FINAL TABLE}: {@link #pickUpdate}'s parameters. */
    String pickStatement(Timers timers) {
        return "SELECT " + timers.keys() + ", " + timers.due + " FROM FINAL TABLE (" + pickUpdate(timers) + ")";
    }

    /**
     * Marks the due rows that no live pick holds (parameters until, node, now, now, now, limit). The update's own
     * due range lets H2 find the rows of the {@code IN} list among the due ones: without it, it reads every row of
     * the table through the due index to match them.
     */
    String pickUpdate(Timers timers) {
        return "UPDATE " + timers.table + " SET picked_until = ?, picked_by = ? WHERE " + dueBy(timers) + " AND ("
                + timers.keys() + ") IN (" + duePicks(timers, "") + ")";
    }

    @Override
    void pick(Connection connection, Timers timers, Instant now, Instant until, String node, int limit,
              RowReader reader) throws SQLException {
        try (PreparedStatement statement = prepare(connection, pickStatement(timers))) {
            setTime(statement, 1, until);
            statement.setString(2, node);
            setTime(statement, 3, now);
            setTime(statement, 4, now);
            setTime(statement, 5, now);
            statement.setInt(6, limit);
            read(statement, reader);
        }
    }

    /**
     * A join of the ids with the table: H2 finds each id through the index that starts with the store, whereas
     * {@code id = ANY(?)} or an {@code IN} list reads every row of the store.
     */
    @Override
    String byIds(String columns, String table, String idColumn, String filter, int ids, boolean distinct) {
        return "SELECT " + (distinct ? "DISTINCT " : "") + columns + " FROM UNNEST(?) AS cr_ids(cr_id) JOIN " + table
                + " ON store_id = ? AND " + idColumn + " = cr_ids.cr_id" + filter;
    }

    /**
     * The union inside a derived table: H2 keeps a parsed statement for reuse only when it is a plain SELECT, and
     * parsing the union again on every batch read cost more than the read.
     */
    @Override
    String batchSequences(int carts, int customers) {
        return "SELECT created, body FROM (" + sequencesOfCartsAndCustomers(carts, customers) + ") AS cr_found "
                + "ORDER BY created";
    }

    @Override
    String withinWindow(String since) {
        return since + " IS NOT NULL AND DATEDIFF(MICROSECOND, " + since + ", recovered_at) <= ?";
    }

    @Override
    String timeBetween(String from, String to) {
        return "DATEDIFF(MICROSECOND, " + from + ", " + to + ")";
    }

    /** H2 computes a CTE again for each reference: the analytics chain would run twice. */
    @Override
    boolean ranksInOnePass() {
        return true;
    }

    @Override
    String nullTime() {
        return "CAST(NULL AS TIMESTAMP WITH TIME ZONE)";
    }

    /** In microseconds. */
    @Override
    void bindWindow(PreparedStatement statement, int index, Duration micros) throws SQLException {
        statement.setLong(index, micros.getSeconds() * 1_000_000 + micros.getNano() / 1_000);
    }
}

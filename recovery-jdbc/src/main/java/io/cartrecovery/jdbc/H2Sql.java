package io.cartrecovery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** H2 2.x: {@code MERGE} upserts, ids as an array matched with {@code = ANY(?)}, picks through {@code FINAL TABLE}. */
final class H2Sql extends SqlDialect {
    /** H2 is single-node: migrations serialize within the JVM. */
    private static final Object MIGRATION_LOCK = new Object();

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

    /** The picked rows as the update left them, from {@code FINAL TABLE}. */
    String pickStatement(Timers timers) {
        return "SELECT " + timers.keys() + ", " + timers.due + " FROM FINAL TABLE (UPDATE " + timers.table
                + " SET picked_until = ?, picked_by = ? WHERE (" + timers.keys() + ") IN (" + duePicks(timers, "")
                + "))";
    }

    @Override
    void pick(Connection connection, Timers timers, Instant now, Instant until, String node, int limit,
              RowReader reader) throws SQLException {
        pickWith(connection, pickStatement(timers), now, until, node, limit, reader);
    }

    @Override
    String byIds(String columns, String table, String idColumn, String filter, int ids, boolean distinct) {
        return "SELECT " + (distinct ? "DISTINCT " : "") + columns + " FROM " + table + " WHERE " + idColumn
                + " = ANY(?) AND store_id = ?" + filter;
    }

    @Override
    String withinWindow(String since) {
        return since + " IS NOT NULL AND DATEDIFF(MICROSECOND, " + since + ", recovered_at) <= ?";
    }

    @Override
    String timeBetween(String from, String to) {
        return "DATEDIFF(MICROSECOND, " + from + ", " + to + ")";
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

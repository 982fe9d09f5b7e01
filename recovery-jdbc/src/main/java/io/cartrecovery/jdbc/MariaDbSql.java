package io.cartrecovery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.StringJoiner;

/**
 * MariaDB 10.6+ (10.11 tested) and MySQL 8: {@code ON DUPLICATE KEY UPDATE} upserts, times as UTC
 * {@code DATETIME(6)}, ids as {@code IN} lists, and a pick of two statements in one transaction (a
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, then the update of the rows it locked), as MariaDB can neither
 * return updated rows nor update from a {@code LIMIT} subquery of the same table. The store's connections work at
 * {@code READ COMMITTED}: REPEATABLE READ, the default, would lock the gaps of every range the picks and unique
 * checks read, and concurrent nodes would block or deadlock on them.
 */
final class MariaDbSql extends SqlDialect {
    /** How long a node waits for another node's migration. */
    private static final int MIGRATION_LOCK_SECONDS = 600;
    /** Up to this many ids, an {@code IN} list is padded to a power of two; beyond, to a multiple of it. */
    private static final int ID_SLOTS = 1024;

    @Override
    String resourceFolder() {
        return "mariadb";
    }

    /** READ COMMITTED, unless the pool already hands out such connections (then this asks nothing of the server). */
    @Override
    void prepareConnection(Connection connection) throws SQLException {
        if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    /** MariaDB refuses a LIMIT in an IN subquery, but deletes with one. */
    @Override
    String purgeReceipts() {
        return "DELETE FROM cr_webhook_receipt WHERE touched_at < ? ORDER BY touched_at LIMIT ?";
    }

    /** As UTC wall-clock time in a {@code DATETIME(6)}, whatever the session's time zone. */
    @Override
    void setTime(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setObject(index, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }

    @Override
    Instant getTime(ResultSet rows, int index) throws SQLException {
        LocalDateTime value = rows.getObject(index, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** A named lock of the server, per database, so that nodes that start at the same time migrate in turn. */
    @Override
    <T> T migrationLock(Connection connection, Jdbc.Work<T> work) throws SQLException {
        try (Statement lock = connection.createStatement();
             ResultSet got = lock.executeQuery("SELECT GET_LOCK(CONCAT('cartrecovery.', DATABASE()), "
                     + MIGRATION_LOCK_SECONDS + ")")) {
            if (!got.next() || got.getInt(1) != 1) {
                throw new SQLException("another node held the migration lock for " + MIGRATION_LOCK_SECONDS + " s");
            }
        }
        try {
            return work.run(connection);
        } finally {
            try (Statement unlock = connection.createStatement()) {
                unlock.execute("SELECT RELEASE_LOCK(CONCAT('cartrecovery.', DATABASE()))");
            }
        }
    }

    @Override
    String createVersionTable() {
        return "CREATE TABLE IF NOT EXISTS cr_schema_version (version INT NOT NULL PRIMARY KEY, "
                + "script VARCHAR(200) NOT NULL, installed_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6))";
    }

    @Override
    String upsert(String table, int keyCount, String... columns) {
        String cols = String.join(", ", columns);
        StringJoiner set = new StringJoiner(", ");
        for (String column : Arrays.asList(columns).subList(keyCount, columns.length)) {
            set.add(column + " = VALUES(" + column + ")");
        }
        return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks(cols) + ") ON DUPLICATE KEY UPDATE " + set;
    }

    /**
     * The rows due and not picked, locked, skipping rows other pickers hold: now, now, limit. Read through the due
     * index, in its order, so that the scan stops at the limit: with a table scan and a sort (the optimizer's
     * choice on a small table), MariaDB 10.11 locks every due row before the limit applies, and a scan that meets
     * a locked row returns nothing at all.
     */
    String pickStatement(Timers timers) {
        return "SELECT " + timers.keys() + ", " + timers.due + " FROM " + timers.table + " FORCE INDEX ("
                + timers.dueIndex + ") WHERE " + timers.due
                + " <= ? AND (picked_until IS NULL OR picked_until <= ?) ORDER BY " + timers.due
                + " LIMIT ? FOR UPDATE SKIP LOCKED";
    }

    /** Marks one locked row: until, node, store, id. */
    private static String markPicked(Timers timers) {
        return "UPDATE " + timers.table + " SET picked_until = ?, picked_by = ? WHERE store_id = ? AND " + timers.id
                + " = ?";
    }

    /** The select and the marks in one transaction of their own (the connection is in auto-commit mode). */
    @Override
    void pick(Connection connection, Timers timers, Instant now, Instant until, String node, int limit,
              RowReader reader) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<String[]> keys = new ArrayList<>();
            try (PreparedStatement select = prepare(connection, pickStatement(timers))) {
                setTime(select, 1, now);
                setTime(select, 2, now);
                select.setInt(3, limit);
                read(select, row -> {
                    keys.add(new String[] {row.getString(1), row.getString(2)});
                    reader.read(row);
                });
            }
            if (!keys.isEmpty()) {
                try (PreparedStatement mark = prepare(connection, markPicked(timers))) {
                    for (String[] key : keys) {
                        setTime(mark, 1, until);
                        mark.setString(2, node);
                        mark.setString(3, key[0]);
                        mark.setString(4, key[1]);
                        mark.addBatch();
                    }
                    mark.executeBatch();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Row constructors in an {@code IN} list, which MariaDB looks up in the primary key. */
    @Override
    String stepContexts(int keys) {
        StringJoiner pairs = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < keys; i++) {
            pairs.add("(?, ?)");
        }
        return CONTEXT_COLUMNS + "cr_sequence s " + CONTEXT_JOINS + "WHERE (s.store_id, s.id) IN " + pairs;
    }

    /** An {@code IN} list of {@link #slots} parameters for {@code ids} distinct ids. */
    @Override
    String byIds(String columns, String table, String idColumn, String filter, int ids, boolean distinct) {
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < slots(ids); i++) {
            marks.add("?");
        }
        return "SELECT " + (distinct ? "DISTINCT " : "") + columns + " FROM " + table + " WHERE " + idColumn + " IN "
                + marks + " AND store_id = ?" + filter;
    }

    /** The distinct ids, the last repeated up to {@link #slots}; none is a NULL, which matches nothing. */
    @Override
    int bindIds(PreparedStatement statement, int index, Collection<String> ids) throws SQLException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        int slots = slots(distinct.size());
        for (int i = 0; i < slots; i++) {
            statement.setString(index + i, distinct.isEmpty() ? null : distinct.get(Math.min(i, distinct.size() - 1)));
        }
        return index + slots;
    }

    /** Parameters for {@code ids} distinct ids: a few statement shapes serve every batch size. */
    static int slots(int ids) {
        if (ids <= 1) {
            return 1;
        }
        if (ids <= ID_SLOTS) {
            return Integer.highestOneBit(ids - 1) << 1;
        }
        return (ids + ID_SLOTS - 1) / ID_SLOTS * ID_SLOTS;
    }

    @Override
    String withinWindow(String since) {
        return since + " IS NOT NULL AND TIMESTAMPDIFF(MICROSECOND, " + since + ", recovered_at) <= ?";
    }

    @Override
    String timeBetween(String from, String to) {
        return "TIMESTAMPDIFF(MICROSECOND, " + from + ", " + to + ")";
    }

    @Override
    String nullTime() {
        return "CAST(NULL AS DATETIME(6))";
    }

    /** {@code /} divides exactly on MariaDB. */
    @Override
    String half(String count) {
        return "(" + count + ") DIV 2";
    }

    /** In microseconds. */
    @Override
    void bindWindow(PreparedStatement statement, int index, Duration micros) throws SQLException {
        statement.setLong(index, micros.getSeconds() * 1_000_000 + micros.getNano() / 1_000);
    }
}

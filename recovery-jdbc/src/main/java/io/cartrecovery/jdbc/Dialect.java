package io.cartrecovery.jdbc;

import io.cartrecovery.core.StoreAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The SQL dialects the JDBC adapter speaks. Chosen from the connection's metadata by {@link #detect}, or set
 * explicitly on the builders.
 */
public enum Dialect {
    /** H2 2.x, in-memory or file: the embedded default, for one node. */
    H2("h2", "", "MERGE INTO %s (%s) KEY (%s) VALUES (%s)"),
    /** PostgreSQL 12 or later: several nodes share one database. */
    POSTGRESQL("postgresql", " FOR UPDATE SKIP LOCKED", "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s");

    private final String resourceFolder;
    private final String skipLocked;
    private final String upsertTemplate;

    Dialect(String resourceFolder, String skipLocked, String upsertTemplate) {
        this.resourceFolder = resourceFolder;
        this.skipLocked = skipLocked;
        this.upsertTemplate = upsertTemplate;
    }

    /** The dialect of the database behind {@code dataSource}. */
    public static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return detect(connection);
        } catch (SQLException e) {
            throw new StoreAccessException("could not read the database metadata", e);
        }
    }

    /** The dialect of the database of {@code connection}. */
    public static Dialect detect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("dataSource is " + product + "; supported are H2 and PostgreSQL");
    }

    /** Folder of this dialect's migrations under {@code db/cartrecovery/}. */
    String resourceFolder() {
        return resourceFolder;
    }

    /** Appended to the due-work select, so that concurrent pollers take different rows. */
    String skipLocked() {
        return skipLocked;
    }

    /** Inserts or replaces the row identified by the first {@code keyCount} of {@code columns}, all bound. */
    String upsert(String table, int keyCount, String... columns) {
        String cols = String.join(", ", columns);
        String params = String.join(", ", Collections.nCopies(columns.length, "?"));
        String keys = String.join(", ", Arrays.asList(columns).subList(0, keyCount));
        if (this == H2) {
            return String.format(upsertTemplate, table, cols, keys, params);
        }
        StringJoiner set = new StringJoiner(", ");
        for (String column : Arrays.asList(columns).subList(keyCount, columns.length)) {
            set.add(column + " = EXCLUDED." + column);
        }
        return String.format(upsertTemplate, table, cols, params, keys, set);
    }

    /**
     * PostgreSQL: a {@code WITH} item that turns {@code synchronous_commit} off for the current transaction only;
     * a data-modifying statement that joins it (as {@code FROM async_commit}) commits without waiting for the log.
     */
    static final String ASYNC_COMMIT = "async_commit AS (SELECT set_config('synchronous_commit', 'off', true))";

    /**
     * {@code update} (an {@code UPDATE table SET ... WHERE ...} without {@code FROM}) made to commit, when it runs
     * in auto-commit mode, without waiting for its log to reach the disk: PostgreSQL's {@code synchronous_commit}
     * off for that one transaction. The change is visible to every connection at once; only a database crash in
     * the next fraction of a second can undo it. For leases (picks and claims) alone, whose loss at worst lets a
     * step run again with its idempotency key. H2 commits as usual.
     */
    String asyncCommit(String update) {
        if (this == H2) {
            return update;
        }
        int where = update.indexOf(" WHERE ");
        return "WITH " + ASYNC_COMMIT + " "
                + update.substring(0, where) + " FROM async_commit" + update.substring(where);
    }

    /**
     * Marks up to {@code limit} due rows that no live pick holds as picked by a node, and returns their keys and
     * due times. Parameters: pickedUntil, nodeId, now, now, limit.
     */
    String pick(String table, String keyColumns, String dueColumn) {
        String due = "SELECT " + keyColumns + " FROM " + table + " WHERE " + dueColumn + " <= ?"
                + " AND (picked_until IS NULL OR picked_until <= ?) ORDER BY " + dueColumn + " LIMIT ?" + skipLocked;
        String update = asyncCommit("UPDATE " + table + " SET picked_until = ?, picked_by = ? WHERE ("
                + keyColumns + ") IN (" + due + ")");
        String returned = keyColumns + ", " + dueColumn;
        return this == H2 ? "SELECT " + returned + " FROM FINAL TABLE (" + update + ")"
                : update + " RETURNING " + returned;
    }
}

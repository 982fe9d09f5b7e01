package io.cartrecovery.jdbc;

import io.cartrecovery.core.SuppressionKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The suppression list in {@code cr_suppression}: one row per store, kind and key; adding it again is a no-op. */
final class JdbcSuppressions {
    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final String insert;
    private final String select;

    JdbcSuppressions(Jdbc jdbc, SqlDialect sql) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.insert = sql.insertSuppression();
        this.select = sql.selectSuppression();
    }

    /**
     * On PostgreSQL a duplicate is skipped by {@code ON CONFLICT DO NOTHING}: no error, which would abort a host's
     * transaction. H2 and MariaDB report it, and a failed statement leaves their transaction usable.
     */
    boolean suppress(String storeId, SuppressionKey key, String reason, Instant at) {
        return jdbc.run("suppress a key", connection -> suppress(connection, storeId, key, reason, at));
    }

    /** {@link #suppress(String, SuppressionKey, String, Instant)} on the caller's connection and transaction. */
    boolean suppress(Connection connection, String storeId, SuppressionKey key, String reason, Instant at)
            throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, insert)) {
            statement.setString(1, storeId);
            statement.setString(2, key.kind().name());
            statement.setString(3, key.value());
            statement.setString(4, reason);
            sql.setTime(statement, 5, at);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            return false; // already suppressed: nothing changes
        }
    }

    boolean contains(String storeId, SuppressionKey key) {
        return jdbc.run("read the suppression list", connection -> contains(connection, storeId, key));
    }

    boolean contains(Connection connection, String storeId, SuppressionKey key) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, select, storeId, key.kind().name(),
                key.value())) {
            try (ResultSet found = statement.executeQuery()) {
                return found.next();
            }
        }
    }
}

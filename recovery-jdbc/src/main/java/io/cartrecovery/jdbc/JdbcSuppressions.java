package io.cartrecovery.jdbc;

import io.cartrecovery.core.SuppressionKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The suppression list in {@code cr_suppression}: one row per store, kind and key; adding it again is a no-op. */
final class JdbcSuppressions {
    private static final String INSERT = "INSERT INTO cr_suppression (store_id, kind, key_value, reason, "
            + "suppressed_at) VALUES (?, ?, ?, ?, ?)";

    private final Jdbc jdbc;
    private final Dialect dialect;

    JdbcSuppressions(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * On PostgreSQL a duplicate is skipped by {@code ON CONFLICT DO NOTHING}: no error, which would abort a host's
     * transaction. H2 reports it, and a failed statement leaves its transaction usable.
     */
    boolean suppress(String storeId, SuppressionKey key, String reason, Instant at) {
        String sql = dialect == Dialect.POSTGRESQL ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        return jdbc.run("suppress a key", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, storeId);
                statement.setString(2, key.kind().name());
                statement.setString(3, key.value());
                statement.setString(4, reason);
                Jdbc.setTime(statement, 5, at);
                return statement.executeUpdate() == 1;
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                return false; // already suppressed: nothing changes
            }
        });
    }

    boolean contains(String storeId, SuppressionKey key) {
        return jdbc.run("read the suppression list", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM cr_suppression "
                    + "WHERE store_id = ? AND kind = ? AND key_value = ?")) {
                statement.setString(1, storeId);
                statement.setString(2, key.kind().name());
                statement.setString(3, key.value());
                try (ResultSet found = statement.executeQuery()) {
                    return found.next();
                }
            }
        });
    }
}

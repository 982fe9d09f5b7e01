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

    JdbcSuppressions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void suppress(String storeId, SuppressionKey key, String reason, Instant at) {
        try (Connection connection = jdbc.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO cr_suppression (store_id, kind, "
                     + "key_value, reason, suppressed_at) VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, storeId);
            statement.setString(2, key.kind().name());
            statement.setString(3, key.value());
            statement.setString(4, reason);
            Jdbc.setTime(statement, 5, at);
            statement.executeUpdate();
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw Jdbc.failure("suppress a key", e, null);
            }
            // Already suppressed: nothing changes.
        }
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

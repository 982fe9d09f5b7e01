package io.cartrecovery.jdbc;

import io.cartrecovery.core.spi.WebhookReceipts;
import io.cartrecovery.core.spi.WebhookReceipts.Claim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Webhook receipts in {@code cr_webhook_receipt}: the primary key decides between concurrent claims (an insert
 * that finds the key changes nothing), a hold that passed is taken over by a compare-and-set on
 * {@code held_until}, and a completed receipt has no hold.
 */
final class JdbcReceipts {
    private static final String TAKE_OVER = "UPDATE cr_webhook_receipt SET held_until = ?, touched_at = ?"
            + " WHERE store_id = ? AND receipt_key = ? AND held_until IS NOT NULL AND held_until <= ?";
    private static final String SELECT = "SELECT held_until FROM cr_webhook_receipt WHERE store_id = ? AND receipt_key = ?";
    private static final String COMPLETE = "UPDATE cr_webhook_receipt SET held_until = NULL, touched_at = ?"
            + " WHERE store_id = ? AND receipt_key = ?";
    private static final String RELEASE = "DELETE FROM cr_webhook_receipt WHERE store_id = ? AND receipt_key = ?"
            + " AND held_until IS NOT NULL";

    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final String insert;
    private final String purge;

    JdbcReceipts(Jdbc jdbc, SqlDialect sql) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.insert = sql.ignoringDuplicates(
                "INSERT INTO cr_webhook_receipt (store_id, receipt_key, held_until, touched_at) VALUES (?, ?, ?, ?)");
        this.purge = sql.purgeReceipts();
    }

    /** Insert, else take over a passed hold, else report what holds the key; each step is one statement. */
    Claim claim(String storeId, String key, Instant now, Instant holdUntil) {
        WebhookReceipts.checkKey(key);
        if (now == null || holdUntil == null) {
            throw new IllegalArgumentException((now == null ? "now" : "holdUntil") + " must not be null");
        }
        return jdbc.run("claim a webhook receipt", connection -> {
            if (inserted(connection, storeId, key, now, holdUntil)) {
                return Claim.CLAIMED;
            }
            try (PreparedStatement statement = sql.prepare(connection, TAKE_OVER)) {
                sql.setTime(statement, 1, holdUntil);
                sql.setTime(statement, 2, now);
                statement.setString(3, storeId);
                statement.setString(4, key);
                sql.setTime(statement, 5, now);
                if (statement.executeUpdate() == 1) {
                    return Claim.CLAIMED;
                }
            }
            try (PreparedStatement statement = sql.prepare(connection, SELECT, storeId, key);
                 ResultSet rows = statement.executeQuery()) {
                // gone since the insert (released or purged): the sender's retry will claim it
                return rows.next() && sql.getTime(rows, 1) == null ? Claim.DONE : Claim.HELD;
            }
        });
    }

    private boolean inserted(Connection connection, String storeId, String key, Instant now, Instant holdUntil)
            throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, insert, storeId, key)) {
            sql.setTime(statement, 3, holdUntil);
            sql.setTime(statement, 4, now);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            return false; // H2 and MariaDB report the duplicate; nothing was written
        }
    }

    void complete(String storeId, String key, Instant at) {
        WebhookReceipts.checkKey(key);
        if (at == null) {
            throw new IllegalArgumentException("at must not be null");
        }
        jdbc.run("complete a webhook receipt", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, COMPLETE)) {
                sql.setTime(statement, 1, at);
                statement.setString(2, storeId);
                statement.setString(3, key);
                return statement.executeUpdate();
            }
        });
    }

    void release(String storeId, String key) {
        WebhookReceipts.checkKey(key);
        jdbc.run("release a webhook receipt", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, RELEASE, storeId, key)) {
                return statement.executeUpdate();
            }
        });
    }

    int purge(Instant before, int limit) {
        if (before == null || limit < 1) {
            throw new IllegalArgumentException(before == null ? "before must not be null" : "limit must be positive");
        }
        return jdbc.run("purge webhook receipts", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, purge)) {
                sql.setTime(statement, 1, before);
                statement.setInt(2, limit);
                return statement.executeUpdate();
            }
        });
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.PendingPopup;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Pending popups in {@code cr_popup}: one per storefront token, taken out exactly once. */
final class JdbcPopups {
    private final Jdbc jdbc;
    private final Json json;
    private final SqlDialect sql;
    private final String upsert;

    JdbcPopups(Jdbc jdbc, Json json, SqlDialect sql) {
        this.jdbc = jdbc;
        this.json = json;
        this.sql = sql;
        this.upsert = sql.upsertPopup();
    }

    void save(PendingPopup popup) {
        jdbc.run("save a popup", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, upsert)) {
                statement.setString(1, popup.storeId());
                statement.setString(2, popup.storefrontToken());
                sql.setTime(statement, 3, popup.expiresAt());
                statement.setString(4, json.write(popup));
                statement.setString(5, popup.sequenceId());
                return statement.executeUpdate();
            }
        });
    }

    /** Locks and deletes the row in one transaction, so that concurrent visits get the popup once. */
    Optional<PendingPopup> take(String storeId, String storefrontToken, Instant now) {
        return jdbc.transaction("take a popup", null, connection -> {
            PendingPopup popup;
            try (PreparedStatement select = sql.prepare(connection, sql.lockPopup(), storeId, storefrontToken);
                 ResultSet found = select.executeQuery()) {
                if (!found.next()) {
                    return Optional.empty();
                }
                popup = json.read(found.getString(1), PendingPopup.class);
            }
            try (PreparedStatement delete = sql.prepare(connection, sql.deletePopup(), storeId, storefrontToken)) {
                delete.executeUpdate();
            }
            return popup.expiresAt().isBefore(now) ? Optional.empty() : Optional.of(popup);
        });
    }
}

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
    private final String upsert;

    JdbcPopups(Jdbc jdbc, Json json, Dialect dialect) {
        this.jdbc = jdbc;
        this.json = json;
        this.upsert = dialect.upsert("cr_popup", 2, "store_id", "storefront_token", "expires_at", "body");
    }

    void save(PendingPopup popup) {
        jdbc.run("save a popup", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setString(1, popup.storeId());
                statement.setString(2, popup.storefrontToken());
                Jdbc.setTime(statement, 3, popup.expiresAt());
                statement.setString(4, json.write(popup));
                return statement.executeUpdate();
            }
        });
    }

    /** Locks and deletes the row in one transaction, so that concurrent visits get the popup once. */
    Optional<PendingPopup> take(String storeId, String storefrontToken, Instant now) {
        return jdbc.transaction("take a popup", null, connection -> {
            PendingPopup popup;
            try (PreparedStatement select = Jdbc.prepare(connection, "SELECT body FROM cr_popup "
                    + "WHERE store_id = ? AND storefront_token = ? FOR UPDATE", storeId, storefrontToken);
                 ResultSet found = select.executeQuery()) {
                if (!found.next()) {
                    return Optional.empty();
                }
                popup = json.read(found.getString(1), PendingPopup.class);
            }
            try (PreparedStatement delete = Jdbc.prepare(connection,
                    "DELETE FROM cr_popup WHERE store_id = ? AND storefront_token = ?", storeId, storefrontToken)) {
                delete.executeUpdate();
            }
            return popup.expiresAt().isBefore(now) ? Optional.empty() : Optional.of(popup);
        });
    }
}

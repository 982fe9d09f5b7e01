package io.cartrecovery.jdbc;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.spi.PrivacyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Erasure, export and the retention purge of {@link JdbcRecoveryStore}; each call is one transaction. */
final class JdbcPrivacy {
    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final Json json;
    private final JdbcSuppressions suppressions;

    JdbcPrivacy(Jdbc jdbc, SqlDialect sql, Json json, JdbcSuppressions suppressions) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.json = json;
        this.suppressions = suppressions;
    }

    boolean eraseCustomer(String storeId, String customerId, Instant at) {
        return jdbc.transaction("erase a customer", null, connection -> {
            List<Customer> customer = bodies(connection, Customer.class, sql.selectCustomer(), storeId, customerId);
            Map<Long, RecoveryEvent> events = new LinkedHashMap<>();
            try (PreparedStatement select = sql.prepare(connection, sql.customerEventRows(), storeId, customerId,
                    storeId, customerId)) {
                SqlDialect.read(select, row -> events.put(row.getLong(1),
                        json.read(row.getString(2), RecoveryEvent.class)));
            }
            if (!events.isEmpty()) {
                try (PreparedStatement update = sql.prepare(connection, sql.eraseEvent())) {
                    for (Map.Entry<Long, RecoveryEvent> event : events.entrySet()) {
                        update.setString(1, json.write(event.getValue().erased()));
                        update.setLong(2, event.getKey());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
            }
            int deleted = update(connection, sql.deleteCustomerPopups(), storeId, storeId, customerId)
                    + update(connection, sql.deleteCustomerCarts(), storeId, customerId, storeId, customerId)
                    + update(connection, sql.deleteCustomerSequences(), storeId, customerId)
                    + update(connection, sql.deleteCustomer(), storeId, customerId);
            if (!customer.isEmpty() && customer.get(0).hasEmail()) {
                suppressions.suppress(connection, storeId, SuppressionKey.email(customer.get(0).email()),
                        PrivacyStore.ERASED, at);
            }
            return deleted > 0 || !events.isEmpty();
        });
    }

    void eraseStore(String storeId) {
        jdbc.transaction("erase a store", null, connection -> {
            for (String table : PrivacySql.STORE_TABLES) {
                update(connection, PrivacySql.deleteStoreRows(table), storeId);
            }
            return null;
        });
    }

    CustomerExport export(String storeId, String customerId) {
        return jdbc.transaction("export a customer", null, connection -> {
            List<Customer> customer = bodies(connection, Customer.class, sql.selectCustomer(), storeId, customerId);
            List<Cart> carts = bodies(connection, Cart.class, sql.customerCarts(), storeId, customerId);
            List<RecoverySequence> sequences = bodies(connection, RecoverySequence.class, sql.customerSequences(),
                    storeId, customerId);
            List<RecoveryEvent> events = bodies(connection, RecoveryEvent.class, sql.customerEvents(), storeId,
                    customerId, storeId, customerId);
            Customer found = customer.isEmpty() ? null : customer.get(0);
            boolean emailSuppressed = found != null && found.hasEmail()
                    && suppressions.contains(connection, storeId, SuppressionKey.email(found.email()));
            return new CustomerExport(storeId, customerId, found, carts, sequences, events,
                    suppressions.contains(connection, storeId, SuppressionKey.customer(customerId)), emailSuppressed);
        });
    }

    int purge(String storeId, Instant cutoff, Instant now, int limit) {
        return jdbc.transaction("purge expired records", null, connection -> {
            int purged = 0;
            for (String id : keys(connection, sql.expiredSequences(), storeId, cutoff, limit)) {
                if (update(connection, sql.deleteExpiredSequence(), storeId, id, cutoff) == 1) {
                    purged += 1 + update(connection, sql.deleteSequenceEvents(), storeId, id)
                            + update(connection, sql.deleteSequencePopups(), storeId, id);
                }
            }
            List<String> events = keys(connection, sql.expiredEvents(), storeId, cutoff, limit);
            try (PreparedStatement delete = sql.prepare(connection, sql.deleteEvent())) {
                for (String seq : events) {
                    delete.setLong(1, Long.parseLong(seq));
                    delete.addBatch();
                }
                if (!events.isEmpty()) {
                    purged += events.size();
                    delete.executeBatch();
                }
            }
            for (String cartId : keys(connection, sql.staleCarts(), storeId, cutoff, limit)) {
                purged += update(connection, sql.deleteStaleCart(), storeId, cartId, cutoff);
            }
            for (String token : keys(connection, sql.expiredPopups(), storeId, now, limit)) {
                purged += update(connection, sql.deleteExpiredPopup(), storeId, token, now);
            }
            return purged;
        });
    }

    /** The first column of a query whose parameters are a store, a time and a limit. */
    private List<String> keys(Connection connection, String query, String storeId, Instant at, int limit)
            throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = sql.prepare(connection, query)) {
            select.setString(1, storeId);
            sql.setTime(select, 2, at);
            select.setInt(3, limit);
            SqlDialect.read(select, row -> found.add(row.getString(1)));
        }
        return found;
    }

    /** Runs an update whose parameters are strings or instants. */
    private int update(Connection connection, String statementSql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, statementSql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Instant at) {
                    sql.setTime(statement, i + 1, at);
                } else {
                    statement.setString(i + 1, (String) parameters[i]);
                }
            }
            return statement.executeUpdate();
        }
    }

    private <T> List<T> bodies(Connection connection, Class<T> type, String query, String... parameters)
            throws SQLException {
        List<T> found = new ArrayList<>();
        try (PreparedStatement select = sql.prepare(connection, query, parameters)) {
            SqlDialect.read(select, row -> found.add(json.read(row.getString(1), type)));
        }
        return found;
    }
}

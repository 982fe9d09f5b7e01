package io.cartrecovery.jdbc;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SuppressionKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch reads and writes of {@link JdbcRecoveryStore}: a fixed number of statements however large the batch
 * (ids bound as one array, or as an {@code IN} list on MariaDB: {@link SqlDialect#byIds}; rows written as JDBC
 * batches in one transaction).
 */
final class JdbcBatches {
    /** A compare-and-set found another version, or a new sequence broke a unique key: the batch rolls back. */
    private static final class Interfered extends RuntimeException {
        Interfered() {
            super(null, null, false, false);
        }
    }

    private final Jdbc jdbc;
    private final SequenceRows rows;
    private final SqlDialect sql;
    private final String upsertCart;
    private final String upsertCustomer;

    JdbcBatches(Jdbc jdbc, SequenceRows rows, String upsertCart, String upsertCustomer) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.sql = rows.sql();
        this.upsertCart = upsertCart;
        this.upsertCustomer = upsertCustomer;
    }

    /** Four queries on one connection. */
    BatchState read(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        Json json = rows.json();
        Set<String> wantedCarts = new HashSet<>(cartIds);
        Set<String> wantedCustomers = new HashSet<>(customerIds);
        return jdbc.run("read a batch", connection -> {
            Map<String, Cart> cartsFound = new HashMap<>();
            Set<String> watched = new HashSet<>();
            try (PreparedStatement statement = sql.prepare(connection, sql.batchCarts(wantedCarts.size()))) {
                statement.setString(sql.bindIds(statement, 1, wantedCarts), storeId);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        cartsFound.put(found.getString(1), json.read(found.getString(2), Cart.class));
                        if (sql.getTime(found, 3) != null) {
                            watched.add(found.getString(1));
                        }
                    }
                }
            }
            Map<String, List<RecoverySequence>> ofCarts = new HashMap<>();
            Map<String, RecoverySequence> active = new HashMap<>();
            Map<String, RecoverySequence> sequences = new LinkedHashMap<>();
            try (PreparedStatement statement = sql.prepare(connection, sql.batchSequences(wantedCarts.size(),
                    wantedCustomers.size()))) {
                int customersAt = sql.bindIds(statement, 1, wantedCarts);
                statement.setString(customersAt, storeId);
                statement.setString(sql.bindIds(statement, customersAt + 1, wantedCustomers), storeId);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        RecoverySequence sequence = json.read(found.getString(2), RecoverySequence.class);
                        sequences.putIfAbsent(sequence.id(), sequence);
                    }
                }
            }
            for (RecoverySequence sequence : sequences.values()) {
                if (wantedCarts.contains(sequence.cartId())) {
                    ofCarts.computeIfAbsent(sequence.cartId(), id -> new ArrayList<>()).add(sequence);
                }
                if (sequence.isActive() && wantedCustomers.contains(sequence.customerId())) {
                    active.put(sequence.customerId(), sequence);
                }
            }
            Map<String, Customer> customersFound = new HashMap<>();
            try (PreparedStatement statement = sql.prepare(connection, sql.batchCustomers(wantedCustomers.size()))) {
                statement.setString(sql.bindIds(statement, 1, wantedCustomers), storeId);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        customersFound.put(found.getString(1), json.read(found.getString(2), Customer.class));
                    }
                }
            }
            Set<String> optedOut = new HashSet<>();
            Map<String, String> byKey = new HashMap<>(); // suppression keys hold digests of the customer ids
            wantedCustomers.forEach(id -> byKey.put(SuppressionKey.customer(id).value(), id));
            try (PreparedStatement statement = sql.prepare(connection, sql.batchOptedOut(byKey.size()))) {
                statement.setString(sql.bindIds(statement, 1, byKey.keySet()), storeId);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        optedOut.add(byKey.get(found.getString(1)));
                    }
                }
            }
            return new BatchState(cartsFound, watched, customersFound, ofCarts, active, optedOut);
        });
    }

    /** One transaction with a JDBC batch per table: customers, carts, updates, inserts, events. */
    boolean write(BatchWrite write) {
        if (write.isEmpty()) {
            return true;
        }
        try {
            return jdbc.transaction("write a batch", null, connection -> {
                saveCustomers(connection, write.customers());
                saveCarts(connection, write.carts());
                update(connection, write.changes());
                List<RecoveryEvent> events = new ArrayList<>();
                write.changes().forEach(change -> events.addAll(change.events()));
                List<RecoverySequence> inserted = new ArrayList<>();
                for (BatchWrite.Start start : write.starts()) {
                    inserted.add(start.sequence());
                    events.addAll(start.events());
                }
                events.addAll(write.appended());
                if (!inserted.isEmpty()) {
                    try {
                        rows.insertSequences(connection, inserted);
                    } catch (SQLException e) {
                        if (Jdbc.isUniqueViolation(e)) {
                            throw new Interfered();
                        }
                        throw e;
                    }
                }
                rows.insertEvents(connection, events);
                return true;
            });
        } catch (Interfered e) {
            return false;
        }
    }

    Set<String> withEvent(String storeId, Collection<String> sequenceIds, EventType type) {
        Set<String> ids = new HashSet<>(sequenceIds);
        return jdbc.run("read the events of sequences", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, sql.batchWithEvent(ids.size()))) {
                int next = sql.bindIds(statement, 1, ids);
                statement.setString(next, storeId);
                statement.setString(next + 1, type.name());
                Set<String> found = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
                return found;
            }
        });
    }

    private void saveCustomers(Connection connection, List<Customer> customers) throws SQLException {
        if (customers.isEmpty()) {
            return;
        }
        Json json = rows.json();
        try (PreparedStatement statement = sql.prepare(connection, upsertCustomer)) {
            for (Customer customer : customers) {
                statement.setString(1, customer.storeId());
                statement.setString(2, customer.customerId());
                statement.setString(3, json.write(customer));
                statement.setString(4, StepContexts.emailKey(customer));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private void saveCarts(Connection connection, List<Cart> carts) throws SQLException {
        if (carts.isEmpty()) {
            return;
        }
        Json json = rows.json();
        try (PreparedStatement statement = sql.prepare(connection, upsertCart)) {
            for (Cart cart : carts) {
                sql.bindCart(statement, cart, json.write(cart), null);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The compare-and-sets as one JDBC batch; any miss rolls the batch back. */
    private void update(Connection connection, List<BatchWrite.Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        List<RecoverySequence[]> pairs = new ArrayList<>(changes.size());
        changes.forEach(change -> pairs.add(new RecoverySequence[] {change.current(), change.next()}));
        for (int count : rows.updateAll(connection, pairs)) {
            if (count != 1) {
                throw new Interfered();
            }
        }
    }
}

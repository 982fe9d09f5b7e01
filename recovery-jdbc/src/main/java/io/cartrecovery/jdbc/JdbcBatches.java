package io.cartrecovery.jdbc;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SuppressionKey;

import java.sql.Array;
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
 * (ids bound as one array; rows written as JDBC batches in one transaction). On PostgreSQL the ids are matched with
 * {@code IN (SELECT * FROM UNNEST(?))}, a semi-join answered with index probes or a hash: with {@code = ANY(?)} the
 * planner, when its statistics lag behind a growing table, filters every row of the store against the whole array.
 * H2 matches with {@code = ANY(?)}.
 */
final class JdbcBatches {
    static final String CARTS = "SELECT cart_id, body, abandonment_due_at FROM cr_cart "
            + "WHERE store_id = ? AND cart_id IN (SELECT * FROM UNNEST(?))";
    /** The carts' sequences and the customers' active ones; a sequence can come twice (deduplicated by id). */
    static final String SEQUENCES = "SELECT created, body FROM cr_sequence WHERE store_id = ? "
            + "AND cart_id IN (SELECT * FROM UNNEST(?)) UNION ALL SELECT created, body FROM cr_sequence "
            + "WHERE store_id = ? AND customer_id IN (SELECT * FROM UNNEST(?)) "
            + "AND status = 'ACTIVE' ORDER BY 1";
    static final String CUSTOMERS = "SELECT customer_id, body FROM cr_customer WHERE store_id = ? "
            + "AND customer_id IN (SELECT * FROM UNNEST(?))";
    static final String OPTED_OUT = "SELECT key_value FROM cr_suppression WHERE store_id = ? AND kind = '"
            + SuppressionKey.Kind.CUSTOMER.name() + "' AND key_value IN (SELECT * FROM UNNEST(?))";
    static final String WITH_EVENT = "SELECT DISTINCT sequence_id FROM cr_event WHERE store_id = ? "
            + "AND sequence_id IN (SELECT * FROM UNNEST(?)) AND event_type = ?";

    /** A compare-and-set found another version, or a new sequence broke a unique key: the batch rolls back. */
    private static final class Interfered extends RuntimeException {
        Interfered() {
            super(null, null, false, false);
        }
    }

    private final Jdbc jdbc;
    private final Rows rows;
    private final String upsertCart;
    private final String upsertCustomer;
    private final String carts;
    private final String sequences;
    private final String customers;
    private final String optedOut;
    private final String withEvent;

    JdbcBatches(Jdbc jdbc, Rows rows, Dialect dialect, String upsertCart, String upsertCustomer) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.upsertCart = upsertCart;
        this.upsertCustomer = upsertCustomer;
        this.carts = sql(CARTS, dialect);
        this.sequences = sql(SEQUENCES, dialect);
        this.customers = sql(CUSTOMERS, dialect);
        this.optedOut = sql(OPTED_OUT, dialect);
        this.withEvent = sql(WITH_EVENT, dialect);
    }

    /** The query as {@code dialect} matches an array of ids. */
    static String sql(String query, Dialect dialect) {
        return dialect == Dialect.H2 ? query.replace(" IN (SELECT * FROM UNNEST(?))", " = ANY(?)") : query;
    }

    /** Four queries on one connection. */
    BatchState read(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        Json json = rows.json();
        return jdbc.run("read a batch", connection -> {
            Array cartArray = ids(connection, cartIds);
            Array customerArray = ids(connection, customerIds);
            Map<String, Cart> cartsFound = new HashMap<>();
            Set<String> watched = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(carts)) {
                statement.setString(1, storeId);
                statement.setArray(2, cartArray);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        cartsFound.put(found.getString(1), json.read(found.getString(2), Cart.class));
                        if (Jdbc.getTime(found, 3) != null) {
                            watched.add(found.getString(1));
                        }
                    }
                }
            }
            Set<String> wantedCarts = new HashSet<>(cartIds);
            Set<String> wantedCustomers = new HashSet<>(customerIds);
            Map<String, List<RecoverySequence>> ofCarts = new HashMap<>();
            Map<String, RecoverySequence> active = new HashMap<>();
            Map<String, RecoverySequence> sequences = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(this.sequences)) {
                statement.setString(1, storeId);
                statement.setArray(2, cartArray);
                statement.setString(3, storeId);
                statement.setArray(4, customerArray);
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
            try (PreparedStatement statement = connection.prepareStatement(customers)) {
                statement.setString(1, storeId);
                statement.setArray(2, customerArray);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        customersFound.put(found.getString(1), json.read(found.getString(2), Customer.class));
                    }
                }
            }
            Set<String> optedOut = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(this.optedOut)) {
                statement.setString(1, storeId);
                statement.setArray(2, customerArray);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        optedOut.add(found.getString(1));
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
        return jdbc.run("read the events of sequences", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(withEvent)) {
                statement.setString(1, storeId);
                statement.setArray(2, ids(connection, sequenceIds));
                statement.setString(3, type.name());
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
        try (PreparedStatement statement = connection.prepareStatement(upsertCustomer)) {
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
        try (PreparedStatement statement = connection.prepareStatement(upsertCart)) {
            for (Cart cart : carts) {
                statement.setString(1, cart.storeId());
                statement.setString(2, cart.cartId());
                statement.setString(3, json.write(cart));
                Jdbc.setDue(statement, 4, null);
                Jdbc.setDue(statement, 5, null);
                statement.setString(6, null);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The compare-and-sets as one batch of {@link Rows#UPDATE_SEQUENCE}; any miss rolls the batch back. */
    private void update(Connection connection, List<BatchWrite.Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        Json json = rows.json();
        try (PreparedStatement statement = connection.prepareStatement(Rows.UPDATE_SEQUENCE)) {
            for (BatchWrite.Change change : changes) {
                // Bound as Rows.update binds it: a claimed step keeps its due time and puts its lease aside.
                RecoverySequence current = change.current();
                RecoverySequence next = change.next();
                boolean claimed = next.isActive() && next.isInFlight();
                statement.setString(1, next.status().name());
                Jdbc.setDue(statement, 2, !next.isActive() ? null : claimed ? current.dueAt() : next.dueAt());
                statement.setLong(3, next.version());
                statement.setString(4, json.write(next));
                Jdbc.setDue(statement, 5, claimed ? next.leaseUntil() : null);
                statement.setString(6, current.storeId());
                statement.setString(7, current.id());
                statement.setLong(8, current.version());
                statement.addBatch();
            }
            for (int count : statement.executeBatch()) {
                if (count != 1) {
                    throw new Interfered();
                }
            }
        }
    }

    private static Array ids(Connection connection, Collection<String> ids) throws SQLException {
        return connection.createArrayOf("VARCHAR", new HashSet<>(ids).toArray());
    }
}

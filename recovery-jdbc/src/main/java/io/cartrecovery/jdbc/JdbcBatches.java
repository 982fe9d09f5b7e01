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
 * (ids bound as one array; rows written as JDBC batches in one transaction).
 *
 * <p>On PostgreSQL a read walks the array and looks each id up in the index: {@code UNNEST(?)} joined
 * {@code LATERAL} to a fenced subquery ({@code OFFSET 0} or {@code LIMIT 1}), a plan the statistics cannot change.
 * With {@code = ANY(?)} or {@code IN (SELECT ...)}, statistics lagging behind a growing table (a new store, or right
 * after a truncate) led the planner to compare every row of the store with every id: seconds for 1,000 ids. H2
 * matches with {@code = ANY(?)}. Every read binds the array first, then the store id.
 */
final class JdbcBatches {
    /** The carts of ids (parameter 1) in a store (parameter 2). */
    static String carts(Dialect dialect) {
        return byIds(dialect, "cart_id, body, abandonment_due_at", "cr_cart", "cart_id", "", " OFFSET 0");
    }

    /**
     * The sequences of carts (parameters 1, 2) and the active sequences of customers (parameters 3, 4), oldest
     * first; a sequence can come twice (deduplicated by id). Known limit: when PostgreSQL believes the store has
     * no rows at all (a new store in a table analyzed before it existed), the index on (store, id) looks as cheap as
     * the one on (store, customer) for the active sequences, and each id then reads the store's active rows, until
     * the next ANALYZE.
     */
    static String sequences(Dialect dialect) {
        return byIds(dialect, "created, body", "cr_sequence", "cart_id", "", " OFFSET 0") + " UNION ALL "
                + byIds(dialect, "created, body", "cr_sequence", "customer_id", " AND status = 'ACTIVE'", " OFFSET 0")
                + " ORDER BY 1";
    }

    static String customers(Dialect dialect) {
        return byIds(dialect, "customer_id, body", "cr_customer", "customer_id", "", " OFFSET 0");
    }

    static String optedOut(Dialect dialect) {
        return byIds(dialect, "key_value", "cr_suppression", "key_value",
                " AND kind = '" + SuppressionKey.Kind.CUSTOMER.name() + "'", " OFFSET 0");
    }

    /** The ids (parameter 1) of sequences in a store (parameter 2) with an event of a type (parameter 3). */
    static String withEvent(Dialect dialect) {
        return dialect == Dialect.H2
                ? "SELECT DISTINCT sequence_id FROM cr_event WHERE sequence_id = ANY(?) AND store_id = ? AND event_type = ?"
                : byIds(dialect, "sequence_id", "cr_event", "sequence_id", " AND event_type = ?", " LIMIT 1");
    }

    private static String byIds(Dialect dialect, String columns, String table, String idColumn, String filter,
                                String fence) {
        if (dialect == Dialect.H2) {
            return "SELECT " + columns + " FROM " + table + " WHERE " + idColumn + " = ANY(?) AND store_id = ?" + filter;
        }
        return "SELECT found.* FROM UNNEST(CAST(? AS VARCHAR[])) AS ids(id) CROSS JOIN LATERAL (SELECT " + columns
                + " FROM " + table + " WHERE store_id = ? AND " + idColumn + " = ids.id" + filter + fence + ") AS found";
    }

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
        this.carts = carts(dialect);
        this.sequences = sequences(dialect);
        this.customers = customers(dialect);
        this.optedOut = optedOut(dialect);
        this.withEvent = withEvent(dialect);
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
                statement.setArray(1, cartArray);
                statement.setString(2, storeId);
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
                statement.setArray(1, cartArray);
                statement.setString(2, storeId);
                statement.setArray(3, customerArray);
                statement.setString(4, storeId);
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
                statement.setArray(1, customerArray);
                statement.setString(2, storeId);
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        customersFound.put(found.getString(1), json.read(found.getString(2), Customer.class));
                    }
                }
            }
            Set<String> optedOut = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(this.optedOut)) {
                statement.setArray(1, customerArray);
                statement.setString(2, storeId);
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
                statement.setArray(1, ids(connection, sequenceIds));
                statement.setString(2, storeId);
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
        try (PreparedStatement statement = connection.prepareStatement(Rows.UPDATE_SEQUENCE)) {
            for (BatchWrite.Change change : changes) {
                rows.bindUpdate(statement, change.current(), change.next());
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

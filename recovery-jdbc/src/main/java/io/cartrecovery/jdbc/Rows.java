package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/** The SQL that writes sequences and events, shared by single and batch writes and by host transactions. */
final class Rows {
    static final String INSERT_SEQUENCE = "INSERT INTO cr_sequence (store_id, id, cart_id, customer_id, status, "
            + "due_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * The lease of a claimed step goes to {@code picked_until} (with no {@code picked_by}) and {@code due_at} keeps
     * the step's due time: a claim then changes no indexed column, so PostgreSQL updates the row in place (HOT)
     * and the due index only changes when the next step is scheduled. A row is due when both times have passed.
     */
    static final String UPDATE_SEQUENCE = "UPDATE cr_sequence SET status = ?, due_at = ?, version = ?, body = ?, "
            + "picked_until = ?, picked_by = NULL WHERE store_id = ? AND id = ? AND version = ?";
    static final String INSERT_EVENT = "INSERT INTO cr_event (store_id, sequence_id, customer_id, event_type, "
            + "occurred_at, amount, body, step_id, variant, sequence_type, amount_scale) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Parameters per event in {@link #INSERT_EVENT} and in the joined insert. */
    private static final int EVENT_PARAMETERS = 7 + JdbcAnalytics.COLUMN_COUNT;

    private final Json json;
    /** {@link #UPDATE_SEQUENCE} for a claim: a lease, committed asynchronously on PostgreSQL. */
    private final String claimSequence;

    Rows(Json json, Dialect dialect) {
        this.json = json;
        this.claimSequence = dialect.asyncCommit(UPDATE_SEQUENCE);
    }

    Json json() {
        return json;
    }

    void bindInsert(PreparedStatement statement, RecoverySequence sequence) throws SQLException {
        statement.setString(1, sequence.storeId());
        statement.setString(2, sequence.id());
        statement.setString(3, sequence.cartId());
        statement.setString(4, sequence.customerId());
        statement.setString(5, sequence.status().name());
        Jdbc.setDue(statement, 6, sequence.isActive() ? sequence.dueAt() : null);
        statement.setLong(7, sequence.version());
        statement.setString(8, json.write(sequence));
    }

    /** Inserts new sequences: one statement, or one JDBC batch for several. */
    void insertSequences(Connection connection, List<RecoverySequence> sequences) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_SEQUENCE)) {
            for (RecoverySequence sequence : sequences) {
                bindInsert(statement, sequence);
                if (sequences.size() == 1) {
                    statement.executeUpdate();
                    return;
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Replaces {@code current} by {@code next} if the row still has {@code current}'s version; commits as the
     * connection does (claims that commit asynchronously go through {@link #claimAll}).
     */
    boolean update(Connection connection, RecoverySequence current, RecoverySequence next) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_SEQUENCE)) {
            bindUpdate(statement, current, next);
            return statement.executeUpdate() == 1;
        }
    }

    /** One compare-and-set of {@link #updateAll}: {@code current} becomes {@code next}, recording {@code events}. */
    record Change(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {}

    /**
     * Several compare-and-sets in one round trip (a JDBC batch, rows locked in key order so that two such batches
     * never deadlock), then the events of those that changed their row in another; the caller's transaction makes
     * them atomic. Returns, in order, whether each change took effect; of two changes of one sequence from the same
     * version, the first wins.
     */
    List<Boolean> updateAll(Connection connection, List<Change> changes) throws SQLException {
        return updateAll(connection, changes, false);
    }

    /** {@link #updateAll(Connection, List)} of claims, which commit asynchronously (see {@link Dialect#asyncCommit}). */
    List<Boolean> claimAll(Connection connection, List<Change> changes) throws SQLException {
        return updateAll(connection, changes, true);
    }

    private List<Boolean> updateAll(Connection connection, List<Change> changes, boolean claims) throws SQLException {
        Integer[] order = new Integer[changes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing((Integer i) -> changes.get(i).current().storeId())
                .thenComparing(i -> changes.get(i).current().id()).thenComparingInt(i -> i));
        Boolean[] changed = new Boolean[changes.size()];
        try (PreparedStatement statement = connection.prepareStatement(claims ? claimSequence : UPDATE_SEQUENCE)) {
            for (int i : order) {
                bindUpdate(statement, changes.get(i).current(), changes.get(i).next());
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int k = 0; k < order.length; k++) {
                changed[order[k]] = counts[k] == 1;
            }
        }
        List<RecoveryEvent> events = new ArrayList<>();
        for (int i = 0; i < changed.length; i++) {
            if (changed[i]) {
                events.addAll(changes.get(i).events());
            }
        }
        insertEvents(connection, events);
        return Arrays.asList(changed);
    }

    /** Binds {@link #UPDATE_SEQUENCE}: a claimed step keeps its due time and puts its lease aside. */
    void bindUpdate(PreparedStatement statement, RecoverySequence current, RecoverySequence next)
            throws SQLException {
        boolean claimed = next.isActive() && next.isInFlight();
        statement.setString(1, next.status().name());
        Jdbc.setDue(statement, 2, !next.isActive() ? null : claimed ? current.dueAt() : next.dueAt());
        statement.setLong(3, next.version());
        statement.setString(4, json.write(next));
        Jdbc.setDue(statement, 5, claimed ? next.leaseUntil() : null);
        statement.setString(6, current.storeId());
        statement.setString(7, current.id());
        statement.setLong(8, current.version());
    }

    /**
     * PostgreSQL: {@link #update} and the insert of its (at least one) events as one statement, a data-modifying
     * {@code WITH}, which is atomic without a transaction and takes one round trip instead of four.
     */
    boolean updateWithEvents(Connection connection, RecoverySequence current, RecoverySequence next,
                             List<RecoveryEvent> events) throws SQLException {
        String sql = "WITH changed AS (" + UPDATE_SEQUENCE + " RETURNING 1) " + insertEventsJoined("changed", events.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindUpdate(statement, current, next);
            bindEvents(statement, 9, events);
            return statement.executeUpdate() > 0;
        }
    }

    /** PostgreSQL: one new sequence and its (at least one) events as one statement. */
    void insertWithEvents(Connection connection, RecoverySequence sequence, List<RecoveryEvent> events)
            throws SQLException {
        String sql = "WITH inserted AS (" + INSERT_SEQUENCE + " RETURNING 1) "
                + insertEventsJoined("inserted", events.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindInsert(statement, sequence);
            bindEvents(statement, 9, events);
            statement.executeUpdate();
        }
    }

    /** Inserts {@code count} events, in order, once for each row of {@code cte} (that is: only if it changed a row). */
    private static String insertEventsJoined(String cte, int count) {
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            values.add("(" + i + ", ?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS NUMERIC), ?, "
                    + "?, ?, ?, CAST(? AS INTEGER))");
        }
        return "INSERT INTO cr_event (store_id, sequence_id, customer_id, event_type, occurred_at, amount, body, "
                + "step_id, variant, sequence_type, amount_scale) "
                + "SELECT v.store_id, v.sequence_id, v.customer_id, v.event_type, v.occurred_at, v.amount, v.body, "
                + "v.step_id, v.variant, v.sequence_type, v.amount_scale "
                + "FROM (VALUES " + values + ") AS v(ord, store_id, sequence_id, customer_id, event_type, occurred_at, "
                + "amount, body, step_id, variant, sequence_type, amount_scale) CROSS JOIN " + cte + " ORDER BY v.ord";
    }

    private void bindEvents(PreparedStatement statement, int first, List<RecoveryEvent> events) throws SQLException {
        int index = first;
        for (RecoveryEvent event : events) {
            bindEvent(statement, index, event);
            index += EVENT_PARAMETERS;
        }
    }

    private void bindEvent(PreparedStatement statement, int first, RecoveryEvent event) throws SQLException {
        statement.setString(first, event.storeId());
        statement.setString(first + 1, event.sequenceId());
        statement.setString(first + 2, event.customerId());
        statement.setString(first + 3, event.type().name());
        Jdbc.setTime(statement, first + 4, event.at());
        if (event.value() == null) {
            statement.setNull(first + 5, Types.NUMERIC);
        } else {
            statement.setBigDecimal(first + 5, event.value());
        }
        statement.setString(first + 6, json.write(event));
        JdbcAnalytics.bindColumns(statement, first + 7, event);
    }

    void insertEvents(Connection connection, List<RecoveryEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENT)) {
            for (RecoveryEvent event : events) {
                bindEvent(statement, 1, event);
                if (events.size() == 1) {
                    statement.executeUpdate();
                    return;
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    <T> List<T> readBodies(PreparedStatement statement, Class<T> type) throws SQLException {
        List<T> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(json.read(rows.getString(1), type));
            }
        }
        return found;
    }

    /** Every event must belong to {@code storeId}; checked before anything is written. */
    static void requireStore(String storeId, List<RecoveryEvent> events) {
        for (RecoveryEvent event : events) {
            if (!event.storeId().equals(storeId)) {
                throw new IllegalArgumentException("event of store " + event.storeId() + " in store " + storeId);
            }
        }
    }

    static void requireSameSequence(RecoverySequence current, RecoverySequence next) {
        if (!current.id().equals(next.id()) || !current.storeId().equals(next.storeId())) {
            throw new IllegalArgumentException("next must be the same sequence as current");
        }
        if (next.isActive() && !current.isActive()) {
            throw new IllegalArgumentException("a terminal sequence cannot become active again");
        }
    }
}

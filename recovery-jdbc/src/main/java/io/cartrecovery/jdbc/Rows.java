package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
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
    /** The columns an event insert fills, in the order of {@link #INSERT_EVENT} and {@link #EVENT_VALUES}. */
    static final String EVENT_COLUMNS = "store_id, sequence_id, customer_id, event_type, occurred_at, amount, body, "
            + "step_id, variant, sequence_type, amount_scale";
    /** One event as a row of a {@code VALUES} list, typed so that PostgreSQL needs no other hint. */
    static final String EVENT_VALUES = "?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS NUMERIC), ?, ?, ?, "
            + "?, CAST(? AS INTEGER)";
    /** Parameters per event in {@link #INSERT_EVENT} and {@link #EVENT_VALUES}. */
    static final int EVENT_PARAMETERS = 7 + JdbcAnalytics.COLUMN_COUNT;

    private final Json json;

    Rows(Json json) {
        this.json = json;
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
     * connection does (claims that commit asynchronously go through {@link SequenceChanges#claim}).
     */
    boolean update(Connection connection, RecoverySequence current, RecoverySequence next) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_SEQUENCE)) {
            bindUpdate(statement, current, next);
            return statement.executeUpdate() == 1;
        }
    }

    /** Binds {@link #UPDATE_SEQUENCE}: a claimed step keeps its due time and puts its lease aside. */
    void bindUpdate(PreparedStatement statement, RecoverySequence current, RecoverySequence next)
            throws SQLException {
        bindNext(statement, 1, current, next);
        statement.setString(6, current.storeId());
        statement.setString(7, current.id());
        statement.setLong(8, current.version());
    }

    /** Binds the new column values of a change, from {@code first} on: status, due_at, version, body, picked_until. */
    void bindNext(PreparedStatement statement, int first, RecoverySequence current, RecoverySequence next)
            throws SQLException {
        boolean claimed = next.isActive() && next.isInFlight();
        statement.setString(first, next.status().name());
        Jdbc.setDue(statement, first + 1, !next.isActive() ? null : claimed ? current.dueAt() : next.dueAt());
        statement.setLong(first + 2, next.version());
        statement.setString(first + 3, json.write(next));
        Jdbc.setDue(statement, first + 4, claimed ? next.leaseUntil() : null);
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
            values.add("(" + i + ", " + EVENT_VALUES + ")");
        }
        return "INSERT INTO cr_event (" + EVENT_COLUMNS + ") SELECT " + EVENT_COLUMNS + " FROM (VALUES " + values
                + ") AS v(ord, " + EVENT_COLUMNS + ") CROSS JOIN " + cte + " ORDER BY v.ord";
    }

    private void bindEvents(PreparedStatement statement, int first, List<RecoveryEvent> events) throws SQLException {
        int index = first;
        for (RecoveryEvent event : events) {
            bindEvent(statement, index, event);
            index += EVENT_PARAMETERS;
        }
    }

    void bindEvent(PreparedStatement statement, int first, RecoveryEvent event) throws SQLException {
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

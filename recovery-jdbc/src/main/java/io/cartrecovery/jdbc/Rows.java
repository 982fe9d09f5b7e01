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

/** The SQL that writes sequences and events, shared by single and batch writes and by host transactions. */
final class Rows {
    static final String INSERT_SEQUENCE = "INSERT INTO cr_sequence (store_id, id, cart_id, customer_id, status, "
            + "due_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE_SEQUENCE = "UPDATE cr_sequence SET status = ?, due_at = ?, version = ?, body = ?, "
            + "picked_until = NULL, picked_by = NULL WHERE store_id = ? AND id = ? AND version = ?";
    static final String INSERT_EVENT = "INSERT INTO cr_event (store_id, sequence_id, event_type, occurred_at, "
            + "amount, body) VALUES (?, ?, ?, ?, ?, ?)";

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

    /** Replaces {@code current} by {@code next} if the row still has {@code current}'s version. */
    boolean update(Connection connection, RecoverySequence current, RecoverySequence next) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_SEQUENCE)) {
            statement.setString(1, next.status().name());
            Jdbc.setDue(statement, 2, next.isActive() ? next.dueAt() : null);
            statement.setLong(3, next.version());
            statement.setString(4, json.write(next));
            statement.setString(5, current.storeId());
            statement.setString(6, current.id());
            statement.setLong(7, current.version());
            return statement.executeUpdate() == 1;
        }
    }

    void insertEvents(Connection connection, List<RecoveryEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENT)) {
            for (RecoveryEvent event : events) {
                statement.setString(1, event.storeId());
                statement.setString(2, event.sequenceId());
                statement.setString(3, event.type().name());
                Jdbc.setTime(statement, 4, event.at());
                if (event.value() == null) {
                    statement.setNull(5, Types.NUMERIC);
                } else {
                    statement.setBigDecimal(5, event.value());
                }
                statement.setString(6, json.write(event));
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

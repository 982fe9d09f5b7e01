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

/**
 * The columns of {@code cr_sequence} and {@code cr_event} that writes fill, and their binders: the one place that
 * knows which value goes to which parameter, for single writes, JDBC batches, host transactions and
 * PostgreSQL's combined statements alike. The statements themselves are the dialect's ({@link SqlDialect}).
 *
 * <p>The lease of a claimed step goes to {@code picked_until} (with no {@code picked_by}) and {@code due_at} keeps
 * the step's due time: a claim then changes no indexed column, so PostgreSQL updates the row in place (HOT) and
 * the due index only changes when the next step is scheduled. A row is due when both times have passed.
 */
final class SequenceRows {
    /** The columns a new sequence fills, in the order of {@link #bindInsert}. */
    static final String INSERT_COLUMNS = "store_id, id, cart_id, customer_id, status, due_at, version, body";
    /** The columns a compare-and-set changes, in the order of {@link #bindNext}. */
    static final String NEXT_COLUMNS = "status, due_at, version, body, picked_until";
    /** The columns an event insert fills, in the order of {@link #bindEvent}. */
    static final String EVENT_COLUMNS = "store_id, sequence_id, customer_id, event_type, occurred_at, amount, body, "
            + "step_id, variant, sequence_type, amount_scale";
    /** Parameters per event. */
    static final int EVENT_PARAMETERS = 7 + JdbcAnalytics.COLUMN_COUNT;
    /** Parameters of {@link #bindUpdate}. */
    static final int UPDATE_PARAMETERS = 8;

    private final SqlDialect sql;
    private final Json json;
    private final String insertSequence;
    private final String updateSequence;
    private final String insertEvent;

    SequenceRows(SqlDialect sql, Json json) {
        this.sql = sql;
        this.json = json;
        this.insertSequence = sql.insertSequence();
        this.updateSequence = sql.updateSequence();
        this.insertEvent = sql.insertEvent();
    }

    Json json() {
        return json;
    }

    SqlDialect sql() {
        return sql;
    }

    void bindInsert(PreparedStatement statement, RecoverySequence sequence) throws SQLException {
        statement.setString(1, sequence.storeId());
        statement.setString(2, sequence.id());
        statement.setString(3, sequence.cartId());
        statement.setString(4, sequence.customerId());
        statement.setString(5, sequence.status().name());
        sql.setDue(statement, 6, sequence.isActive() ? sequence.dueAt() : null);
        statement.setLong(7, sequence.version());
        statement.setString(8, json.write(sequence));
    }

    /** Inserts new sequences: one statement, or one JDBC batch for several. */
    void insertSequences(Connection connection, List<RecoverySequence> sequences) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, insertSequence)) {
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
     * connection does.
     */
    boolean update(Connection connection, RecoverySequence current, RecoverySequence next) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, updateSequence)) {
            bindUpdate(statement, current, next);
            return statement.executeUpdate() == 1;
        }
    }

    /** The compare-and-sets as one JDBC batch; returns the rows each changed. */
    int[] updateAll(Connection connection, List<RecoverySequence[]> changes) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, updateSequence)) {
            for (RecoverySequence[] change : changes) {
                bindUpdate(statement, change[0], change[1]);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    /** Binds the compare-and-set: the new values, then store, id and the expected version. */
    void bindUpdate(PreparedStatement statement, RecoverySequence current, RecoverySequence next)
            throws SQLException {
        bindNext(statement, 1, current, next);
        statement.setString(6, current.storeId());
        statement.setString(7, current.id());
        statement.setLong(8, current.version());
    }

    /** Binds {@link #NEXT_COLUMNS} of a change from {@code first} on: a claimed step keeps its due time. */
    void bindNext(PreparedStatement statement, int first, RecoverySequence current, RecoverySequence next)
            throws SQLException {
        boolean claimed = next.isActive() && next.isInFlight();
        statement.setString(first, next.status().name());
        sql.setDue(statement, first + 1, !next.isActive() ? null : claimed ? current.dueAt() : next.dueAt());
        statement.setLong(first + 2, next.version());
        statement.setString(first + 3, json.write(next));
        sql.setDue(statement, first + 4, claimed ? next.leaseUntil() : null);
    }

    /**
     * {@link #update} and the insert of its (at least one) events as one statement, where the dialect
     * {@linkplain SqlDialect#writesWithEventsInOneStatement writes them so}: one round trip instead of four.
     */
    boolean updateWithEvents(Connection connection, RecoverySequence current, RecoverySequence next,
                             List<RecoveryEvent> events) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, sql.updateWithEvents(events.size()))) {
            bindUpdate(statement, current, next);
            bindEvents(statement, UPDATE_PARAMETERS + 1, events);
            return statement.executeUpdate() > 0;
        }
    }

    /** One new sequence and its (at least one) events as one statement, like {@link #updateWithEvents}. */
    void insertWithEvents(Connection connection, RecoverySequence sequence, List<RecoveryEvent> events)
            throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection, sql.insertWithEvents(events.size()))) {
            bindInsert(statement, sequence);
            bindEvents(statement, 9, events);
            statement.executeUpdate();
        }
    }

    private void bindEvents(PreparedStatement statement, int first, List<RecoveryEvent> events) throws SQLException {
        int index = first;
        for (RecoveryEvent event : events) {
            bindEvent(statement, index, event);
            index += EVENT_PARAMETERS;
        }
    }

    /** Binds {@link #EVENT_COLUMNS} from {@code first} on. */
    void bindEvent(PreparedStatement statement, int first, RecoveryEvent event) throws SQLException {
        statement.setString(first, event.storeId());
        statement.setString(first + 1, event.sequenceId());
        statement.setString(first + 2, event.customerId());
        statement.setString(first + 3, event.type().name());
        sql.setTime(statement, first + 4, event.at());
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
        try (PreparedStatement statement = sql.prepare(connection, insertEvent)) {
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

    /** The JSON bodies in the first column of {@code statement}'s rows, as {@code type}. */
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

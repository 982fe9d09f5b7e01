package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the dialect {@linkplain SqlDialect#combinesWrites combines writes} (PostgreSQL): a group of
 * compare-and-sets of sequences (the claims or completions of concurrent steps, {@link Combiner}) and the events of those that took effect, as one statement: an {@code UPDATE ... FROM (VALUES
 * ...)} whose {@code RETURNING} feeds the insert of the events. One statement executes, plans and locks once for
 * the group where one per change would each pay their own way. The number of changes and of events is padded to a
 * power of two, so that a few statement shapes serve every group and stay prepared on the server.
 */
final class SequenceChanges {
    /** One compare-and-set: {@code current} becomes {@code next}, recording {@code events}. */
    record Change(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {}

    private static final int CHANGE_PARAMETERS = 9;
    /** The {@code ord} of padding events, which no change returns. */
    private static final int NO_CHANGE = -1;

    private final SequenceRows rows;
    /** The statement of each shape (rows of changes, rows of events, claims or not), built once. */
    private final Map<List<Object>, String> statements = new ConcurrentHashMap<>();

    SequenceChanges(SequenceRows rows) {
        this.rows = rows;
    }

    /**
     * Applies {@code changes} with their events in the caller's transaction; returns, in order, whether each took
     * effect. Of two changes of one sequence from the same version, the first wins.
     */
    List<Boolean> apply(Connection connection, List<Change> changes) throws SQLException {
        return run(connection, changes, false);
    }

    /**
     * {@link #apply} for claims (changes without events), whose transaction commits asynchronously (see
     * {@link PostgresSql#ASYNC_COMMIT}): run it in auto-commit mode.
     */
    List<Boolean> claim(Connection connection, List<Change> changes) throws SQLException {
        return run(connection, changes, true);
    }

    private List<Boolean> run(Connection connection, List<Change> changes, boolean claims) throws SQLException {
        List<Integer> order = statementOrder(changes);
        List<RecoveryEvent> events = new ArrayList<>();
        List<Integer> eventOwners = new ArrayList<>();
        for (int i : order) {
            for (RecoveryEvent event : changes.get(i).events()) {
                events.add(event);
                eventOwners.add(i);
            }
        }
        int changeRows = padded(order.size());
        int eventRows = events.isEmpty() ? 0 : padded(events.size());
        Boolean[] changed = new Boolean[changes.size()];
        Arrays.fill(changed, false);
        try (PreparedStatement statement = rows.sql().prepare(connection, statements.computeIfAbsent(
                List.of(changeRows, eventRows, claims), shape -> rows.sql().changes(changeRows, eventRows, claims)))) {
            int index = 1;
            for (int row = 0; row < changeRows; row++) {
                int i = order.get(Math.min(row, order.size() - 1)); // padding repeats the last change
                Change change = changes.get(i);
                statement.setInt(index, i);
                statement.setString(index + 1, change.current().storeId());
                statement.setString(index + 2, change.current().id());
                statement.setLong(index + 3, change.current().version());
                rows.bindNext(statement, index + 4, change.current(), change.next());
                index += CHANGE_PARAMETERS;
            }
            for (int row = 0; row < eventRows; row++) {
                int event = Math.min(row, events.size() - 1);
                statement.setInt(index, row < events.size() ? eventOwners.get(event) : NO_CHANGE);
                statement.setInt(index + 1, row);
                rows.bindEvent(statement, index + 2, events.get(event));
                index += 2 + SequenceRows.EVENT_PARAMETERS;
            }
            try (ResultSet returned = statement.executeQuery()) {
                while (returned.next()) {
                    changed[returned.getInt(1)] = true;
                }
            }
        }
        return Arrays.asList(changed);
    }

    /**
     * The changes that go into the statement, by key (so that two groups lock rows in the same order and never
     * deadlock); a later change of a sequence from the same version as an earlier one stays out, as it cannot win.
     */
    private static List<Integer> statementOrder(List<Change> changes) {
        Set<List<Object>> seen = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            RecoverySequence current = changes.get(i).current();
            if (seen.add(List.of(current.storeId(), current.id(), current.version()))) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparing((Integer i) -> changes.get(i).current().storeId())
                .thenComparing(i -> changes.get(i).current().id()));
        return order;
    }

    private static int padded(int count) {
        return count <= 1 ? 1 : Integer.highestOneBit(count - 1) << 1;
    }
}

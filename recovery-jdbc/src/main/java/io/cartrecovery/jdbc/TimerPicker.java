package io.cartrecovery.jdbc;

import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.TimerKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes due timers for one scheduler node: marks them picked until a deadline, so that other nodes leave them
 * alone while this one hands them to the engine (whose compare-and-set claim then clears the mark). A node that
 * dies leaves marks that simply run out. On PostgreSQL concurrent pickers skip each other's locked rows.
 */
final class TimerPicker {
    private record Due(Instant at, TimerKey key) {}

    private static final Comparator<Due> DUE_ORDER = Comparator.comparing(Due::at)
            .thenComparing(due -> due.key().kind()).thenComparing(due -> due.key().storeId())
            .thenComparing(due -> due.key().id());

    private final Jdbc jdbc;
    private final String pickSequences;
    private final String pickCarts;
    private final AtomicInteger turn = new AtomicInteger();

    TimerPicker(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.pickSequences = dialect.pick("cr_sequence", "store_id, id", "due_at");
        this.pickCarts = dialect.pick("cr_cart", "store_id, cart_id", "abandonment_due_at");
    }

    /**
     * Up to {@code limit} timers due at {@code now}, earliest first (ties by store and id), picked or not;
     * changes nothing.
     */
    List<DueTimer> due(Instant now, int limit) {
        List<Due> due = new ArrayList<>();
        jdbc.run("read due timers", connection -> {
            for (TimerKey.Kind kind : TimerKey.Kind.values()) {
                String sql = kind == TimerKey.Kind.SEQUENCE
                        ? "SELECT store_id, id, due_at FROM cr_sequence WHERE due_at <= ? AND (picked_by IS NOT NULL "
                        + "OR picked_until IS NULL OR picked_until <= ?) ORDER BY due_at, store_id, id LIMIT ?"
                        : "SELECT store_id, cart_id, abandonment_due_at FROM cr_cart WHERE abandonment_due_at <= ? "
                        + "ORDER BY abandonment_due_at, store_id, cart_id LIMIT ?";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    Jdbc.setTime(statement, 1, now);
                    int next = 2;
                    if (kind == TimerKey.Kind.SEQUENCE) {
                        Jdbc.setTime(statement, next++, now); // a claimed step is due again when its lease ends
                    }
                    statement.setInt(next, limit);
                    read(statement, kind, due);
                }
            }
            return null;
        });
        return due.stream().sorted(DUE_ORDER).limit(limit).map(d -> new DueTimer(d.key(), d.at())).toList();
    }

    /**
     * Up to {@code limit} timers due at {@code now}, earliest first, now picked by {@code node}. The kinds take
     * turns at going first, so that a backlog of one never starves the other.
     */
    List<TimerKey> pick(Instant now, Instant pickedUntil, String node, int limit) {
        List<Due> due = new ArrayList<>();
        boolean cartsFirst = (turn.getAndIncrement() & 1) == 1;
        jdbc.run("pick due timers", connection -> {
            pick(connection, cartsFirst ? pickCarts : pickSequences, cartsFirst ? TimerKey.Kind.CART
                    : TimerKey.Kind.SEQUENCE, now, pickedUntil, node, limit, due);
            if (due.size() < limit) {
                pick(connection, cartsFirst ? pickSequences : pickCarts, cartsFirst ? TimerKey.Kind.SEQUENCE
                        : TimerKey.Kind.CART, now, pickedUntil, node, limit - due.size(), due);
            }
            return null;
        });
        return sorted(due, limit);
    }

    private static List<TimerKey> sorted(List<Due> due, int limit) {
        return due.stream().sorted(Comparator.comparing(Due::at)).limit(limit).map(Due::key).toList();
    }

    private static void read(PreparedStatement statement, TimerKey.Kind kind, List<Due> due) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                due.add(new Due(Jdbc.getTime(rows, 3), new TimerKey(kind, rows.getString(1), rows.getString(2))));
            }
        }
    }

    private static void pick(Connection connection, String sql, TimerKey.Kind kind, Instant now, Instant until,
                             String node, int limit, List<Due> due) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.setTime(statement, 1, until);
            statement.setString(2, node);
            Jdbc.setTime(statement, 3, now);
            Jdbc.setTime(statement, 4, now);
            statement.setInt(5, limit);
            read(statement, kind, due);
        }
    }

    /** Gives back timers {@code node} picked but never handed over, so that any node may take them at once. */
    void release(List<TimerKey> keys, String node) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.run("release picked timers", connection -> {
            for (TimerKey.Kind kind : TimerKey.Kind.values()) {
                String sql = kind == TimerKey.Kind.SEQUENCE
                        ? "UPDATE cr_sequence SET picked_until = NULL, picked_by = NULL "
                        + "WHERE store_id = ? AND id = ? AND picked_by = ?"
                        : "UPDATE cr_cart SET picked_until = NULL, picked_by = NULL "
                        + "WHERE store_id = ? AND cart_id = ? AND picked_by = ?";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (TimerKey key : keys) {
                        if (key.kind() == kind) {
                            statement.setString(1, key.storeId());
                            statement.setString(2, key.id());
                            statement.setString(3, node);
                            statement.addBatch();
                        }
                    }
                    statement.executeBatch();
                }
            }
            return null;
        });
    }
}

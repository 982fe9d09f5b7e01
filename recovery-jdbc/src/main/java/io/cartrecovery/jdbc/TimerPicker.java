package io.cartrecovery.jdbc;

import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.TimerKey;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes due timers for one scheduler node: marks them picked until a deadline, so that other nodes leave them
 * alone while this one hands them to the engine (whose compare-and-set claim then clears the mark). A node that
 * dies leaves marks that simply run out. On PostgreSQL and MariaDB concurrent pickers skip each other's locked
 * rows.
 */
final class TimerPicker {
    private record Due(Instant at, TimerKey key) {}

    private static final Comparator<Due> DUE_ORDER = Comparator.comparing(Due::at)
            .thenComparing(due -> due.key().kind()).thenComparing(due -> due.key().storeId())
            .thenComparing(due -> due.key().id());

    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final AtomicInteger turn = new AtomicInteger();

    TimerPicker(Jdbc jdbc, SqlDialect sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /**
     * Up to {@code limit} timers due at {@code now}, earliest first (ties by store and id), picked or not;
     * changes nothing.
     */
    List<DueTimer> due(Instant now, int limit) {
        List<Due> due = jdbc.run("read due timers", connection -> {
            List<Due> read = new ArrayList<>();
            for (SqlDialect.Timers timers : SqlDialect.Timers.values()) {
                try (PreparedStatement statement = sql.prepare(connection, sql.dueTimers(timers))) {
                    sql.setTime(statement, 1, now);
                    int next = 2;
                    if (timers == SqlDialect.Timers.SEQUENCES) {
                        sql.setTime(statement, next++, now); // a claimed step is due again when its lease ends
                    }
                    statement.setInt(next, limit);
                    SqlDialect.read(statement, reader(timers, read));
                }
            }
            return read;
        });
        return due.stream().sorted(DUE_ORDER).limit(limit).map(d -> new DueTimer(d.key(), d.at())).toList();
    }

    /**
     * Up to {@code limit} timers due at {@code now}, earliest first, now picked by {@code node}. The kinds take
     * turns at going first, so that a backlog of one never starves the other.
     */
    List<TimerKey> pick(Instant now, Instant pickedUntil, String node, int limit) {
        boolean cartsFirst = (turn.getAndIncrement() & 1) == 1;
        SqlDialect.Timers first = cartsFirst ? SqlDialect.Timers.CARTS : SqlDialect.Timers.SEQUENCES;
        SqlDialect.Timers second = cartsFirst ? SqlDialect.Timers.SEQUENCES : SqlDialect.Timers.CARTS;
        List<Due> due = jdbc.run("pick due timers", connection -> {
            List<Due> picked = new ArrayList<>();
            sql.pick(connection, first, now, pickedUntil, node, limit, reader(first, picked));
            if (picked.size() < limit) {
                sql.pick(connection, second, now, pickedUntil, node, limit - picked.size(), reader(second, picked));
            }
            return picked;
        });
        return due.stream().sorted(Comparator.comparing(Due::at)).limit(limit).map(Due::key).toList();
    }

    /** Reads rows of (store id, id, due time) of {@code timers} into {@code due}. */
    private SqlDialect.RowReader reader(SqlDialect.Timers timers, List<Due> due) {
        return row -> due.add(new Due(sql.getTime(row, 3), new TimerKey(timers.kind, row.getString(1),
                row.getString(2))));
    }

    /** Gives back timers {@code node} picked but never handed over, so that any node may take them at once. */
    void release(List<TimerKey> keys, String node) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.run("release picked timers", connection -> {
            for (SqlDialect.Timers timers : SqlDialect.Timers.values()) {
                try (PreparedStatement statement = sql.prepare(connection, sql.release(timers))) {
                    for (TimerKey key : keys) {
                        if (key.kind() == timers.kind) {
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

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.spi.SequenceStore;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes of {@link JdbcRecoveryStore} that the steps take: new sequences with their events, compare-and-sets
 * and appended events. Where the dialect {@linkplain SqlDialect#combinesWrites combines writes} (PostgreSQL),
 * outside a host transaction, the claims of concurrent steps are combined into one statement committed
 * asynchronously, and their completions into one statement and one commit ({@link Combiner},
 * {@link SequenceChanges}); elsewhere each write runs alone.
 */
final class JdbcSequenceWrites {
    private static final String INSERT_CONFLICT = "sequence already exists, or its customer already has an "
            + "active sequence in the store";

    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final SequenceRows rows;
    private final String insertEventKey;
    /** Compare-and-sets of concurrent threads as one statement and one commit, if the dialect combines; else null. */
    private final Combiner<SequenceChanges.Change, Boolean> combinedWrites;
    /** Claims of concurrent threads as one statement, committed asynchronously, if the dialect combines; else null. */
    private final Combiner<SequenceChanges.Change, Boolean> combinedClaims;

    JdbcSequenceWrites(Jdbc jdbc, SequenceRows rows) {
        this.jdbc = jdbc;
        this.sql = rows.sql();
        this.rows = rows;
        this.insertEventKey = sql.insertEventKey();
        SequenceChanges changes = new SequenceChanges(rows);
        this.combinedWrites = sql.combinesWrites() ? new Combiner<>(jdbc, "update sequences", changes::apply, true)
                : null;
        this.combinedClaims = sql.combinesWrites() ? new Combiner<>(jdbc, "claim steps", changes::claim, false)
                : null;
    }

    /** See {@link JdbcRecoveryStore#insertAll}. */
    void insertAll(List<RecoverySequence> sequences, List<RecoveryEvent> events) {
        for (RecoverySequence sequence : sequences) {
            if (sequence.version() != 1) {
                throw new IllegalArgumentException("a new sequence must have version 1, " + sequence.id() + " has "
                        + sequence.version());
            }
        }
        if (sequences.isEmpty()) {
            append(events);
            return;
        }
        Set<String> stores = new HashSet<>();
        sequences.forEach(sequence -> stores.add(sequence.storeId()));
        for (RecoveryEvent event : events) {
            if (!stores.contains(event.storeId())) {
                throw new IllegalArgumentException("event of store " + event.storeId() + " has no sequence in the batch");
            }
        }
        if (sequences.size() == 1 && !events.isEmpty() && sql.writesWithEventsInOneStatement()) {
            jdbc.run("insert a sequence", INSERT_CONFLICT, connection -> {
                rows.insertWithEvents(connection, sequences.get(0), events);
                return null;
            });
            return;
        }
        jdbc.transaction("insert sequences", INSERT_CONFLICT, connection -> {
            rows.insertSequences(connection, sequences);
            rows.insertEvents(connection, events);
            return null;
        });
    }

    /** See {@link io.cartrecovery.core.RecoveryStore#compareAndSet}. */
    boolean compareAndSet(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {
        SequenceRows.requireSameSequence(current, next);
        SequenceRows.requireStore(current.storeId(), events);
        if (events.isEmpty()) {
            return jdbc.run("update a sequence", null, connection -> rows.update(connection, current, next));
        }
        if (combinedWrites != null && !jdbc.inHostTransaction()) {
            // Completions of steps on other threads share one statement and one commit; the host's transaction
            // commits its own writes.
            return combinedWrites.run(new SequenceChanges.Change(current, next, events));
        }
        if (sql.writesWithEventsInOneStatement()) {
            return jdbc.run("update a sequence", connection -> rows.updateWithEvents(connection, current, next, events));
        }
        return jdbc.transaction("update a sequence", null, connection -> {
            if (!rows.update(connection, current, next)) {
                return false;
            }
            rows.insertEvents(connection, events);
            return true;
        });
    }

    /**
     * See {@link io.cartrecovery.core.spi.SequenceStore#claim}: outside a host transaction, on PostgreSQL the claims
     * of concurrent steps share one statement that commits without waiting for the log.
     */
    boolean claim(RecoverySequence current, RecoverySequence claimed) {
        SequenceStore.requireClaim(claimed);
        SequenceRows.requireSameSequence(current, claimed);
        if (combinedClaims != null && !jdbc.inHostTransaction()) {
            return combinedClaims.run(new SequenceChanges.Change(current, claimed, List.of()));
        }
        return jdbc.run("claim a step", null, connection -> rows.update(connection, current, claimed));
    }

    /** Appends events in one transaction. */
    void append(List<RecoveryEvent> events) {
        if (!events.isEmpty()) {
            jdbc.transaction("append events", null, connection -> {
                rows.insertEvents(connection, events);
                return null;
            });
        }
    }

    /**
     * The key's row and the event in one transaction: a key that exists makes the insert a no-op (on PostgreSQL
     * through {@code ON CONFLICT DO NOTHING}, which keeps a host's transaction usable; H2 and MariaDB report a
     * unique violation, which leaves it usable), and nothing is appended.
     */
    boolean appendOnce(RecoveryEvent event, String key) {
        return jdbc.transaction("append an event once", null, connection -> {
            int inserted;
            try (PreparedStatement statement = sql.prepare(connection, insertEventKey, event.storeId(), key)) {
                inserted = statement.executeUpdate();
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                inserted = 0;
            }
            if (inserted == 1) {
                rows.insertEvents(connection, List.of(event));
            }
            return inserted == 1;
        });
    }
}

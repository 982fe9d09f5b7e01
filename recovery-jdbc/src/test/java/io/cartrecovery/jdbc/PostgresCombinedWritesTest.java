package io.cartrecovery.jdbc;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compare-and-sets with events that concurrent steps make on PostgreSQL run combined ({@link Combiner}); each
 * keeps the result and the atomicity it has alone.
 */
@Timeout(120)
class PostgresCombinedWritesTest {
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("combined", 12);

    private JdbcRecoveryStore store;

    @BeforeEach
    void emptyTables() {
        store = postgres.emptyStore();
    }

    private static RecoverySequence newSequence(int i) {
        return RecoverySequence.start("s" + i, Fixtures.cart("shop", "c" + i, "u" + i, T0), SequenceType.FIRST_TIME,
                null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plusSeconds(3600), T0);
    }

    private static RecoveryEvent stopped(RecoverySequence sequence, String detail) {
        return RecoveryEvent.of(sequence, EventType.SEQUENCE_STOPPED, null, null, detail, T0);
    }

    @Test
    void twoChangesOfOneSequenceFromTheSameVersionInOneGroupHaveOneWinnerWhoseEventsAloneAreWritten() {
        RecoverySequence sequence = newSequence(1);
        RecoverySequence other = newSequence(2);
        store.insertAll(List.of(sequence, other), List.of());
        RecoverySequence purchased = sequence.stop(StopReason.PURCHASED, T0);
        RecoverySequence optedOut = sequence.stop(StopReason.OPTED_OUT, T0);
        RecoverySequence manual = other.stop(StopReason.MANUAL, T0);
        SequenceChanges changes = new SequenceChanges(new SequenceRows(Dialect.POSTGRESQL.sql(), new Json()));

        List<Boolean> results = new Jdbc(postgres.dataSource(), Dialect.POSTGRESQL.sql()).transaction("write", null,
                connection -> changes.apply(connection, List.of(
                        new SequenceChanges.Change(sequence, purchased, List.of(stopped(purchased, "first"))),
                        new SequenceChanges.Change(other, manual, List.of(stopped(manual, "other"))),
                        new SequenceChanges.Change(sequence, optedOut, List.of(stopped(optedOut, "second"))))));

        assertThat(results).containsExactly(true, true, false);
        assertThat(store.sequence("shop", "s1")).contains(purchased);
        assertThat(store.sequence("shop", "s2")).contains(manual);
        assertThat(store.eventsOfSequence("shop", "s1")).extracting(RecoveryEvent::detail).containsExactly("first");
        assertThat(store.eventsOfSequence("shop", "s2")).extracting(RecoveryEvent::detail).containsExactly("other");
    }

    @Test
    void aGroupWritesTheEventsOfItsWinnersOnceEachAndInOrderWhateverItsPadding() {
        List<RecoverySequence> sequences = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sequences.add(newSequence(i));
        }
        store.insertAll(sequences, List.of());
        RecoverySequence claimed = sequences.get(1).claim(T0.plusSeconds(3600), Duration.ofMinutes(5));
        store.compareAndSet(sequences.get(1), claimed, List.of()); // sequences.get(1) is now stale
        List<SequenceChanges.Change> changes = new ArrayList<>();
        for (RecoverySequence sequence : List.of(sequences.get(4), sequences.get(1), claimed, sequences.get(0),
                sequences.get(2))) {
            RecoverySequence stopped = sequence.stop(StopReason.MANUAL, T0);
            changes.add(new SequenceChanges.Change(sequence, stopped, List.of(stopped(stopped, sequence.id() + "-a"),
                    stopped(stopped, sequence.id() + "-b"))));
        }
        SequenceChanges combined = new SequenceChanges(new SequenceRows(Dialect.POSTGRESQL.sql(), new Json()));

        List<Boolean> results = new Jdbc(postgres.dataSource(), Dialect.POSTGRESQL.sql()).transaction("write", null,
                connection -> combined.apply(connection, changes)); // 5 changes and 10 events: padded to 8 and 16

        assertThat(results).containsExactly(true, false, true, true, true);
        for (int i : List.of(0, 1, 2, 4)) {
            assertThat(store.eventsOfSequence("shop", "s" + i)).extracting(RecoveryEvent::detail)
                    .containsExactly("s" + i + "-a", "s" + i + "-b");
        }
        assertThat(store.eventsOfSequence("shop", "s3")).isEmpty();
        assertThat(store.sequence("shop", "s3")).contains(sequences.get(3));
        assertThat(store.sequence("shop", "s1").orElseThrow().stopReason()).isEqualTo(StopReason.MANUAL);
    }

    @Test
    void combinedClaimsCommitAsynchronouslyForTheirOwnTransactionOnly() throws Exception {
        RecoverySequence first = newSequence(1);
        RecoverySequence second = newSequence(2);
        store.insertAll(List.of(first, second), List.of());
        SequenceChanges changes = new SequenceChanges(new SequenceRows(Dialect.POSTGRESQL.sql(), new Json()));
        try (Connection connection = postgres.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            assertThat(changes.claim(connection, List.of(
                    new SequenceChanges.Change(first, first.claim(T0.plusSeconds(3600), Duration.ofMinutes(5)), List.of()),
                    new SequenceChanges.Change(second, second.claim(T0.plusSeconds(3600), Duration.ofMinutes(5)), List.of()))))
                    .containsExactly(true, true);
            assertThat(Databases.synchronousCommit(connection)).as("inside the claims' transaction").isEqualTo("off");
            connection.commit();
            assertThat(Databases.synchronousCommit(connection)).as("after it, on the pooled connection").isEqualTo("on");
        }
        assertThat(store.sequence("shop", "s1").orElseThrow().isInFlight()).isTrue();
        assertThat(store.sequence("shop", "s2").orElseThrow().isInFlight()).isTrue();
    }

    @Test
    void concurrentClaimsAndCompletionsEachGetTheirOwnResult() throws Exception {
        int count = 400;
        List<RecoverySequence> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(newSequence(i));
        }
        store.insertAll(sequences, List.of());
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Future<List<Boolean>>> results = new ArrayList<>();
            for (RecoverySequence sequence : sequences) {
                results.add(threads.submit(() -> {
                    RecoverySequence claimed = sequence.claim(T0.plusSeconds(3600), Duration.ofMinutes(5));
                    boolean claim = store.compareAndSet(sequence, claimed, List.of());
                    boolean staleClaim = store.compareAndSet(sequence, claimed, List.of());
                    RecoverySequence done = claimed.stop(StopReason.MANUAL, T0.plusSeconds(3601));
                    boolean complete = store.compareAndSet(claimed, done, List.of(stopped(done, sequence.id())));
                    boolean staleComplete = store.compareAndSet(claimed, done, List.of(stopped(done, "again")));
                    return List.of(claim, staleClaim, complete, staleComplete);
                }));
            }
            for (Future<List<Boolean>> result : results) {
                assertThat(result.get()).containsExactly(true, false, true, false);
            }
        } finally {
            threads.shutdownNow();
        }
        for (RecoverySequence sequence : sequences) {
            assertThat(store.sequence("shop", sequence.id()).orElseThrow().stopReason()).isEqualTo(StopReason.MANUAL);
            assertThat(store.eventsOfSequence("shop", sequence.id())).extracting(RecoveryEvent::detail)
                    .containsExactly(sequence.id());
        }
    }
}

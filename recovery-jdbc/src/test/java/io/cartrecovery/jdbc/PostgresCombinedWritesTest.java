package io.cartrecovery.jdbc;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.testing.Fixtures;
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

import static io.cartrecovery.core.testing.Fixtures.T0;
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
        Rows rows = new Rows(new Json(), Dialect.POSTGRESQL);

        List<Boolean> results = new Jdbc(postgres.dataSource()).transaction("write", null,
                connection -> rows.updateAll(connection, List.of(
                        new Rows.Change(sequence, purchased, List.of(stopped(purchased, "first"))),
                        new Rows.Change(other, manual, List.of(stopped(manual, "other"))),
                        new Rows.Change(sequence, optedOut, List.of(stopped(optedOut, "second"))))));

        assertThat(results).containsExactly(true, true, false);
        assertThat(store.sequence("shop", "s1")).contains(purchased);
        assertThat(store.sequence("shop", "s2")).contains(manual);
        assertThat(store.eventsOfSequence("shop", "s1")).extracting(RecoveryEvent::detail).containsExactly("first");
        assertThat(store.eventsOfSequence("shop", "s2")).extracting(RecoveryEvent::detail).containsExactly("other");
    }

    @Test
    void combinedClaimsCommitAsynchronouslyForTheirOwnTransactionOnly() throws Exception {
        RecoverySequence first = newSequence(1);
        RecoverySequence second = newSequence(2);
        store.insertAll(List.of(first, second), List.of());
        Rows rows = new Rows(new Json(), Dialect.POSTGRESQL);
        try (Connection connection = postgres.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            assertThat(rows.claimAll(connection, List.of(
                    new Rows.Change(first, first.claim(T0.plusSeconds(3600), Duration.ofMinutes(5)), List.of()),
                    new Rows.Change(second, second.claim(T0.plusSeconds(3600), Duration.ofMinutes(5)), List.of()))))
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

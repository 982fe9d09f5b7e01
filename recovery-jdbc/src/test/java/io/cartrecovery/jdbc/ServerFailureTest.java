package io.cartrecovery.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dropped connections and concurrent migrations on a database server: a subclass names the server's
 * {@link ServerDatabase} and how to kill a connection's server side, so that the socket really goes away.
 */
abstract class ServerFailureTest {
    JdbcRecoveryStore store;

    /** The test class's database (a static {@code @RegisterExtension} field of the subclass). */
    abstract ServerDatabase database();

    /** Kills {@code victim}'s session from another one. */
    abstract void kill(Connection victim) throws SQLException;

    /** How the statement that writes a compare-and-set's events inside the host's transaction begins. */
    abstract String eventWritePrefix();

    @BeforeEach
    void emptyTables() throws SQLException {
        database().truncate();
        store = JdbcRecoveryStore.builder(database().dataSource()).migrate(false).build();
    }

    /** A store whose connections are killed when a statement starting with {@code sqlPrefix} runs. */
    JdbcRecoveryStore droppingOn(String sqlPrefix) {
        DataSource dropping = FailingConnections.dropOn(database().dataSource(), sqlPrefix, this::kill);
        return JdbcRecoveryStore.builder(dropping).dialect(database().dialect()).migrate(false).build();
    }

    static RecoverySequence newSequence(String id, String customer) {
        return RecoverySequence.start(id, Fixtures.cart("shop", "c-" + id, customer, T0), SequenceType.FIRST_TIME,
                null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plusSeconds(3600), T0);
    }

    static RecoveryEvent started(RecoverySequence sequence) {
        return RecoveryEvent.of(sequence, EventType.SEQUENCE_STARTED, null, null, null, T0);
    }

    @Test
    void theEventCustomerMigrationFillsInTheEngagementRecordedBeforeIt() throws SQLException {
        EventCustomerMigration.check(database().dataSource());
    }

    @Test
    void thePrivacyMigrationHashesTheSuppressionKeysAsTheCodeDoes() throws SQLException {
        PrivacyMigration.check(database().dataSource());
    }

    @Test
    void aConnectionDroppedBetweenSequencesAndEventsLeavesNoHalfWrittenBatch() {
        JdbcRecoveryStore failing = droppingOn("INSERT INTO cr_event");
        RecoverySequence first = newSequence("s1", "u1");
        RecoverySequence second = newSequence("s2", "u2");

        assertThatThrownBy(() -> failing.insertAll(List.of(first, second), List.of(started(first), started(second))))
                .isInstanceOf(StoreAccessException.class);

        assertThat(store.sequence("shop", "s1")).isEmpty();
        assertThat(store.sequence("shop", "s2")).isEmpty();
        assertThat(store.activeSequenceOfCustomer("shop", "u1")).isEmpty();
        assertThat(store.eventsOfSequence("shop", "s1")).isEmpty();
        store.insert(first, List.of()); // and the customer is free for a new sequence
    }

    @Test
    void aConnectionDroppedInsideTheHostsTransactionLeavesTheOldVersion() throws SQLException {
        RecoverySequence sequence = newSequence("s1", "u1");
        store.insert(sequence, List.of());
        RecoverySequence stopped = sequence.stop(StopReason.PURCHASED, T0);
        DataSource dropping = FailingConnections.dropOn(database().dataSource(), eventWritePrefix(), this::kill);

        try (Connection host = dropping.getConnection()) {
            host.setAutoCommit(false);
            assertThatThrownBy(() -> store.inTransaction(host,
                    () -> store.compareAndSet(sequence, stopped, List.of(started(stopped)))))
                    .isInstanceOf(StoreAccessException.class);
        }

        assertThat(store.sequence("shop", "s1")).contains(sequence);
        assertThat(store.eventsOfSequence("shop", "s1")).isEmpty();
    }

    @Test
    void aConnectionDroppedBeforeTheCommitOfACompletionLeavesTheOldVersion() {
        RecoverySequence sequence = newSequence("s1", "u1");
        store.insert(sequence, List.of());
        JdbcRecoveryStore failing = droppingOn(FailingConnections.COMMIT);
        RecoverySequence stopped = sequence.stop(StopReason.PURCHASED, T0);

        assertThatThrownBy(() -> failing.compareAndSet(sequence, stopped, List.of(started(stopped))))
                .isInstanceOf(StoreAccessException.class);

        assertThat(store.sequence("shop", "s1")).contains(sequence);
        assertThat(store.eventsOfSequence("shop", "s1")).isEmpty();
    }

    @Test
    void nodesThatMigrateAtTheSameTimeApplyEachScriptOnce() throws Exception {
        String fresh = database().create("race");
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HikariDataSource pool = database().pool(fresh, 2);
                pools.add(pool);
                nodes.add(() -> JdbcSchema.migrate(pool));
            }
            for (Future<Integer> result : threads.invokeAll(nodes)) {
                assertThat(result.get()).isEqualTo(JdbcSchema.SCRIPTS.size());
            }
            try (Connection connection = pools.get(0).getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM cr_schema_version")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(JdbcSchema.SCRIPTS.size());
            }
        } finally {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
            database().drop(fresh);
        }
    }
}

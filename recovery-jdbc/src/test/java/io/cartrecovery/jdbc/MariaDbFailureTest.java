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
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * Dropped connections and concurrent migrations on MariaDB. (MariaDB commits DDL at once, so PostgreSQL's test of
 * a failed migration that leaves nothing of its script has no equivalent here.)
 */
class MariaDbFailureTest {
    @RegisterExtension
    static final MariaDbDatabase mariadb = new MariaDbDatabase("failure", 4);
    private JdbcRecoveryStore store;

    @BeforeEach
    void emptyTables() throws SQLException {
        mariadb.truncate();
        store = JdbcRecoveryStore.builder(mariadb.dataSource()).migrate(false).build();
    }

    /** Kills the connection's server thread from another session: the socket really goes away. */
    private static void kill(Connection victim) throws SQLException {
        long id;
        try (Statement statement = victim.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rows.next();
            id = rows.getLong(1);
        }
        try (Connection admin = DriverManager.getConnection(Databases.MARIADB_URL, Databases.MARIADB_USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("KILL " + id);
        }
    }

    private static JdbcRecoveryStore droppingOn(String sqlPrefix) {
        DataSource dropping = FailingConnections.dropOn(mariadb.dataSource(), sqlPrefix, MariaDbFailureTest::kill);
        return JdbcRecoveryStore.builder(dropping).dialect(Dialect.MARIADB).migrate(false).build();
    }

    private static RecoverySequence newSequence(String id, String customer) {
        return RecoverySequence.start(id, Fixtures.cart("shop", "c-" + id, customer, T0), SequenceType.FIRST_TIME,
                null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plusSeconds(3600), T0);
    }

    private static RecoveryEvent started(RecoverySequence sequence) {
        return RecoveryEvent.of(sequence, EventType.SEQUENCE_STARTED, null, null, null, T0);
    }

    @Test
    void theEventCustomerMigrationFillsInTheEngagementRecordedBeforeIt() throws SQLException {
        EventCustomerMigration.check(mariadb.dataSource());
    }

    @Test
    void thePrivacyMigrationHashesTheSuppressionKeysAsTheCodeDoes() throws SQLException {
        PrivacyMigration.check(mariadb.dataSource());
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
        store.insert(first, List.of()); // and the customer is free for a new sequence
    }

    @Test
    void aConnectionDroppedInsideTheHostsTransactionLeavesTheOldVersion() throws SQLException {
        RecoverySequence sequence = newSequence("s1", "u1");
        store.insert(sequence, List.of());
        RecoverySequence stopped = sequence.stop(StopReason.PURCHASED, T0);
        DataSource dropping = FailingConnections.dropOn(mariadb.dataSource(), "INSERT INTO cr_event",
                MariaDbFailureTest::kill);

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
        String fresh = Databases.createMariaDbDatabase("race");
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HikariDataSource pool = Databases.mariadb(fresh, 2);
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
            Databases.dropMariaDbDatabase(fresh);
        }
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;
import io.cartrecovery.test.Fixtures;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JDBC store adds to the contract: batches, host transactions, the builder, migrations on H2. */
class JdbcRecoveryStoreTest {
    private static final String STORE = "shop";
    private JdbcDataSource dataSource;
    private JdbcRecoveryStore store;

    @BeforeEach
    void createDatabase() {
        dataSource = Databases.h2();
        store = JdbcRecoveryStore.builder(dataSource).build();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        Databases.shutdownH2(dataSource);
    }

    private static RecoverySequence newSequence(String id, String customer) {
        return RecoverySequence.start(id, Fixtures.cart(STORE, "c-" + id, customer, T0), SequenceType.FIRST_TIME,
                null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plusSeconds(3600), T0);
    }

    private static RecoveryEvent started(RecoverySequence sequence) {
        return RecoveryEvent.of(sequence, EventType.SEQUENCE_STARTED, null, null, null, T0);
    }

    @Test
    void insertAllStoresEverySequenceAndEventInOneGo() {
        List<RecoverySequence> sequences = new ArrayList<>();
        List<RecoveryEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            RecoverySequence sequence = newSequence("s" + i, "u" + i);
            sequences.add(sequence);
            events.add(started(sequence));
        }

        store.insertAll(sequences, events);

        assertThat(store.sequence(STORE, "s249")).contains(sequences.get(249));
        assertThat(store.events(STORE, T0, T0.plusSeconds(1))).containsExactlyElementsOf(events);
    }

    @Test
    void insertAllIsAllOrNothing() {
        store.insert(newSequence("s0", "u0"), List.of());
        List<RecoverySequence> batch = List.of(newSequence("s1", "u1"), newSequence("s2", "u0"));

        assertThatThrownBy(() -> store.insertAll(batch, List.of(started(batch.get(0)))))
                .isInstanceOf(ConflictException.class).hasMessageNotContaining("u0");

        assertThat(store.sequence(STORE, "s1")).isEmpty();
        assertThat(store.eventsOfSequence(STORE, "s1")).isEmpty();
    }

    @Test
    void insertAllRejectsEventsOfAStoreWithoutASequenceInTheBatch() {
        RecoveryEvent foreign = new RecoveryEvent("other", EventType.CART_ABANDONED, null, null, null, null, null,
                null, null, T0);
        assertThatThrownBy(() -> store.insertAll(List.of(newSequence("s1", "u1")), List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.sequence(STORE, "s1")).isEmpty();
    }

    @Test
    void writesInsideTheHostsTransactionCommitOrRollBackWithIt() throws SQLException {
        RecoverySequence sequence = newSequence("s1", "u1");
        store.insert(sequence, List.of());
        RecoverySequence stopped = sequence.stop(StopReason.PURCHASED, T0);
        RecoveryEvent stop = RecoveryEvent.of(stopped, EventType.SEQUENCE_STOPPED, null, null, "PURCHASED", T0);
        RecoveryEvent recovered = new RecoveryEvent(STORE, EventType.CART_RECOVERED, "s1", null, null, null, null,
                null, null, T0);

        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            store.inTransaction(host, () -> {
                assertThat(store.compareAndSet(sequence, stopped, List.of(stop))).isTrue();
                store.append(List.of(recovered));
                assertThat(store.sequence(STORE, "s1")).as("the host's transaction sees its writes").contains(stopped);
            });
            assertThat(store.sequence(STORE, "s1")).as("others do not, yet").contains(sequence);
            host.rollback();
        }
        assertThat(store.sequence(STORE, "s1")).contains(sequence);
        assertThat(store.eventsOfSequence(STORE, "s1")).isEmpty();

        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            store.inTransaction(host, () -> {
                assertThat(store.compareAndSet(sequence, stopped, List.of(stop))).isTrue();
                assertThat(store.compareAndSet(sequence, stopped, List.of(stop))).as("stale").isFalse();
            });
            host.commit();
        }
        assertThat(store.sequence(STORE, "s1")).contains(stopped);
        assertThat(store.eventsOfSequence(STORE, "s1")).containsExactly(stop);
    }

    @Test
    void settingsSavedOnAnotherNodeShowAfterTheCacheTtl() {
        SettableClock clock = SettableClock.at(T0);
        JdbcRecoveryStore node = JdbcRecoveryStore.builder(dataSource).clock(clock).migrate(false)
                .settingsCacheTtl(Duration.ofSeconds(1)).build();
        JdbcRecoveryStore other = JdbcRecoveryStore.builder(dataSource).migrate(false).build();
        JdbcRecoveryStore uncached = JdbcRecoveryStore.builder(dataSource).migrate(false)
                .settingsCacheTtl(Duration.ZERO).build();
        StoreSettings first = StoreSettings.defaults(STORE);
        StoreSettings changed = first.toBuilder().lowStockThreshold(1).build();
        node.saveSettings(first);

        other.saveSettings(changed);

        assertThat(node.settings(STORE)).contains(first);
        assertThat(uncached.settings(STORE)).contains(changed);
        clock.advance(Duration.ofSeconds(1));
        assertThat(node.settings(STORE)).contains(changed);
        StoreSettings local = changed.toBuilder().lowStockThreshold(2).build();
        node.saveSettings(local);
        assertThat(node.settings(STORE)).as("a local save shows at once").contains(local);
    }

    @Test
    void builderRejectsMissingArguments() {
        assertThatThrownBy(() -> JdbcRecoveryStore.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataSource");
        assertThatThrownBy(() -> JdbcRecoveryStore.builder(dataSource).dialect(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialect");
        assertThatThrownBy(() -> JdbcRecoveryStore.builder(dataSource).settingsCacheTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settingsCacheTtl");
    }

    @Test
    void dialectIsDetectedFromTheConnection() {
        assertThat(Dialect.detect(dataSource)).isEqualTo(Dialect.H2);
        assertThat(store.dialect()).isEqualTo(Dialect.H2);
    }

    @Test
    void migratingAgainChangesNothing() {
        assertThat(JdbcSchema.currentVersion(dataSource)).isEqualTo(JdbcSchema.SCRIPTS.size());
        assertThat(JdbcSchema.migrate(dataSource)).isEqualTo(JdbcSchema.SCRIPTS.size());
        assertThat(JdbcSchema.currentVersion(Databases.h2())).isZero();
    }

    @Test
    void analyticsOnH2KeepTheScaleOfTheAmounts() {
        RecoverySequence sequence = newSequence("s1", "u1");
        store.insert(sequence, List.of(started(sequence)));
        store.append(List.of(
                RecoveryEvent.of(sequence, EventType.STEP_SENT, "EMAIL_2H", null, null, T0.plusSeconds(60)),
                RecoveryEvent.of(sequence, EventType.CART_RECOVERED, null, new BigDecimal("42.00"), "o1",
                        T0.plusSeconds(120))));
        StoreSettings settings = StoreSettings.defaults(STORE);

        AnalyticsReport report = store.analytics(settings, T0, T0.plusSeconds(600));

        assertThat(report.recovery()).isEqualTo(new Rate(1, 1));
        assertThat(report.recoveredRevenue()).isEqualTo(new BigDecimal("42.00"));
        assertThat(report.step("EMAIL_2H")).isEqualTo(new StepStats("EMAIL_2H", 1, 0, 0, 1));
    }

    @Test
    void aCustomerSavedBeforeTheEmailKeyColumnStillHasItsSuppressionSeen() throws SQLException {
        store.saveCustomer(Fixtures.customer(STORE, "u1"));
        store.insert(newSequence("s1", "u1"), List.of());
        store.suppress(STORE, SuppressionKey.email("U1@example.com"), "BOUNCED", T0);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE cr_customer SET email_key = NULL");
        }

        assertThat(store.stepContext(STORE, "s1").orElseThrow().emailSuppressed()).isTrue();
    }

    @Test
    void theEventCustomerMigrationFillsInTheEngagementRecordedBeforeIt() throws SQLException {
        EventCustomerMigration.check(dataSource);
    }

    @Test
    void thePrivacyMigrationHashesTheSuppressionKeysAsTheCodeDoes() throws SQLException {
        PrivacyMigration.check(dataSource);
    }

    @Test
    void aFailedMigrationLeavesTheSchemaVersionUnchanged() {
        JdbcDataSource fresh = Databases.h2();
        JdbcSchema broken = new JdbcSchema(fresh, Dialect.H2, "db/cartrecovery-broken/",
                List.of("V1__one.sql", "V2__broken.sql"));

        assertThatThrownBy(broken::migrate).isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("V2__broken.sql");
        assertThat(JdbcSchema.currentVersion(fresh)).isEqualTo(1);
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertThat(JdbcSchema.statements("-- note\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
        assertThatThrownBy(() -> JdbcSchema.versionOf("init.sql")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableRowFailsWithoutQuotingIt() throws SQLException {
        store.saveCustomer(Fixtures.customer(STORE, "u1"));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE cr_customer SET body = '{\"email\": \"alex@example.com\", \"orderCount\": \"x\"}'");
        }
        assertThatThrownBy(() -> store.customer(STORE, "u1")).isInstanceOf(StoreAccessException.class)
                .hasMessageNotContaining("alex@example.com").hasNoCause();
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.Abandonment;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Engine calls inside the host's own JDBC transaction ({@link JdbcRecoveryStore#inTransaction}): the host's commit
 * or rollback decides its own rows and the engine's together. Run on H2 and PostgreSQL.
 */
abstract class HostTransactionContract {
    static final String STORE = "shop";

    DataSource dataSource;
    JdbcRecoveryStore store;
    RecoveryEngine engine;
    final SettableClock clock = SettableClock.at(T0);

    /** A migrated, empty database. */
    abstract DataSource emptyDatabase() throws SQLException;

    @BeforeEach
    void createEngine() throws SQLException {
        dataSource = emptyDatabase();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS host_order");
            statement.execute("CREATE TABLE host_order (order_id VARCHAR(50) PRIMARY KEY)");
        }
        store = JdbcRecoveryStore.builder(dataSource).migrate(false).build();
        engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(Scheduler.virtualTime(clock))
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    RecoverySequence abandon(String cartId, String customerId) {
        engine.cartUpdated(Fixtures.cart(STORE, cartId, customerId, T0), Fixtures.customer(STORE, customerId));
        return engine.cartAbandoned(STORE, cartId, T0).orElseThrow();
    }

    static Order order(String orderId, String cartId) {
        return new Order(STORE, orderId, cartId, null, new BigDecimal("99.00"), T0);
    }

    static void insertOrder(Connection connection, String orderId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO host_order VALUES (?)")) {
            statement.setString(1, orderId);
            statement.executeUpdate();
        }
    }

    boolean hostRow(String orderId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM host_order WHERE order_id = ?")) {
            statement.setString(1, orderId);
            try (ResultSet found = statement.executeQuery()) {
                return found.next();
            }
        }
    }

    List<EventType> eventTypes(RecoverySequence sequence) {
        return store.eventsOfSequence(STORE, sequence.id()).stream().map(RecoveryEvent::type).toList();
    }

    @Test
    void anOrderAndTheStopOfItsSequenceCommitTogether() throws SQLException {
        RecoverySequence sequence = abandon("c1", "u1");

        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            insertOrder(host, "o1");
            store.inTransaction(host, () -> engine.orderPlaced(order("o1", "c1")));
            host.commit();
        }

        assertThat(hostRow("o1")).isTrue();
        assertThat(store.sequence(STORE, sequence.id()).orElseThrow().stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(eventTypes(sequence)).containsExactly(EventType.SEQUENCE_STARTED, EventType.CART_RECOVERED,
                EventType.SEQUENCE_STOPPED);
    }

    @Test
    void aRollbackUndoesTheOrderAndTheStop() throws SQLException {
        RecoverySequence sequence = abandon("c1", "u1");

        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            insertOrder(host, "o1");
            store.inTransaction(host, () -> engine.ordersPlaced(List.of(order("o1", "c1"))));
            host.rollback();
        }

        assertThat(hostRow("o1")).isFalse();
        assertThat(store.sequence(STORE, sequence.id())).contains(sequence);
        assertThat(eventTypes(sequence)).containsExactly(EventType.SEQUENCE_STARTED);
    }

    @Test
    void aFailureOfTheHostAfterTheEngineCallRollsBackBoth() throws SQLException {
        RecoverySequence sequence = abandon("c1", "u1");

        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            try {
                store.inTransaction(host, () -> engine.orderPlaced(order("o1", "c1")));
                insertOrder(host, "o1");
                insertOrder(host, "o1"); // the host's own constraint fails
                host.commit();
            } catch (SQLException declined) {
                host.rollback();
            }
        }

        assertThat(hostRow("o1")).isFalse();
        assertThat(store.sequence(STORE, sequence.id()).orElseThrow().isActive()).isTrue();
        assertThat(eventTypes(sequence)).containsExactly(EventType.SEQUENCE_STARTED);
    }

    @Test
    void aBatchOfAbandonedCartsCommitsWithTheHost() throws SQLException {
        List<Abandonment> batch = List.of(
                new Abandonment(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"), T0),
                new Abandonment(Fixtures.cart(STORE, "c2", "u2", T0), Fixtures.customer(STORE, "u2"), T0));
        List<RecoverySequence> started;
        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            started = inTransaction(host, () -> engine.cartsAbandoned(batch));
            assertThat(store.activeSequenceOfCustomer(STORE, "u1")).as("not before the host commits").isEmpty();
            host.commit();
        }
        assertThat(store.activeSequenceOfCustomer(STORE, "u1")).contains(started.get(0));
        assertThat(store.activeSequenceOfCustomer(STORE, "u2")).contains(started.get(1));
    }

    @Test
    void otherThreadsKeepUsingThePoolMeanwhile() throws Exception {
        abandon("c1", "u1");
        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            store.inTransaction(host, () -> {
                engine.orderPlaced(order("o1", "c1"));
                RecoverySequence other = CompletableFuture.supplyAsync(() -> abandon("c2", "u2"))
                        .orTimeout(30, TimeUnit.SECONDS).join();
                assertThat(CompletableFuture.supplyAsync(() -> store.sequence(STORE, other.id())).join())
                        .as("committed by the other thread already").contains(other);
            });
            host.rollback();
        }
        assertThat(store.activeSequenceOfCustomer(STORE, "u1")).isPresent();
        assertThat(store.activeSequenceOfCustomer(STORE, "u2")).isPresent();
    }

    @Test
    void aBatchThatLosesToAnotherWriterIsUndoneAloneAndTheHostGoesOn() throws SQLException {
        RecoverySequence running = abandon("c1", "u1");
        RecoverySequence second = RecoverySequence.start("s2", Fixtures.cart(STORE, "c2", "u1", T0),
                running.type(), null, running.plan(), T0, T0, T0);
        try (Connection host = dataSource.getConnection()) {
            host.setAutoCommit(false);
            insertOrder(host, "o1");
            store.inTransaction(host, () -> assertThat(store.writeBatch(new BatchWrite(STORE,
                    List.of(), List.of(Fixtures.cart(STORE, "c2", "u1", T0)), List.of(),
                    List.of(new BatchWrite.Start(second, List.of())), List.of()))).isFalse());
            insertOrder(host, "o2");
            host.commit();
        }
        assertThat(hostRow("o1")).isTrue();
        assertThat(hostRow("o2")).isTrue();
        assertThat(store.cart(STORE, "c2")).isEmpty();
        assertThat(store.sequence(STORE, "s2")).isEmpty();
    }

    @Test
    void theBindingRejectsNullAutoCommitAndNestedUse() throws SQLException {
        assertThatThrownBy(() -> store.inTransaction(null, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostConnection");
        try (Connection host = dataSource.getConnection()) {
            assertThatThrownBy(() -> store.inTransaction(host, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto-commit");
            host.setAutoCommit(false);
            assertThatThrownBy(() -> store.inTransaction(host, null)).isInstanceOf(IllegalArgumentException.class);
            store.inTransaction(host, () -> assertThatThrownBy(() -> store.inTransaction(host, () -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("nested"));
            host.rollback();
            store.inTransaction(host, () -> { }); // the binding ended with the call
        }
    }

    /** The round trips of a batch do not grow with it. */
    @Test
    void aBatchTakesAFixedNumberOfStatementsWhateverItsSize() {
        StatementCounter counter = new StatementCounter(dataSource);
        JdbcRecoveryStore counted = JdbcRecoveryStore.builder(counter.dataSource()).migrate(false)
                .settingsCacheTtl(java.time.Duration.ofHours(1)).build();
        RecoveryEngine countedEngine = RecoveryEngine.builder().store(counted).clock(clock)
                .scheduler(Scheduler.virtualTime(clock)).build();
        countedEngine.settings(STORE); // fills the settings cache
        long[] statements = new long[2];
        long[] ordersStatements = new long[2];
        int[] sizes = {10, 300};
        for (int run = 0; run < 2; run++) {
            List<Abandonment> batch = new java.util.ArrayList<>();
            List<Order> orders = new java.util.ArrayList<>();
            for (int i = 0; i < sizes[run]; i++) {
                String id = run + "-" + i;
                batch.add(new Abandonment(Fixtures.cart(STORE, "c" + id, "u" + id, T0),
                        Fixtures.customer(STORE, "u" + id), T0));
                orders.add(order("o" + id, "c" + id));
            }
            long before = counter.count();
            assertThat(countedEngine.cartsAbandoned(batch)).hasSize(sizes[run]);
            statements[run] = counter.count() - before;
            before = counter.count();
            countedEngine.ordersPlaced(orders);
            ordersStatements[run] = counter.count() - before;
        }
        assertThat(statements[1]).isEqualTo(statements[0]).isLessThanOrEqualTo(8);
        assertThat(ordersStatements[1]).isEqualTo(ordersStatements[0]).isLessThanOrEqualTo(8);
        assertThat(store.activeSequences(STORE, io.cartrecovery.core.PageRequest.first(10)).items()).isEmpty();
    }

    private <T> T inTransaction(Connection host, java.util.function.Supplier<T> work) {
        Object[] result = new Object[1];
        store.inTransaction(host, () -> result[0] = work.get());
        @SuppressWarnings("unchecked")
        T typed = (T) result[0];
        return typed;
    }
}

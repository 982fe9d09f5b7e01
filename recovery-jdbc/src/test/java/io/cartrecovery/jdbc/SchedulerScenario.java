package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC scheduler's poll loop, picks and shutdown, on a database that several nodes share. */
abstract class SchedulerScenario {
    static final String STORE = "shop";
    static final Instant DUE = T0.plusSeconds(3600);
    JdbcRecoveryStore store;

    /** The test class's database. */
    abstract DataSource dataSource();

    /** Empties its data tables. */
    abstract void truncate() throws SQLException;

    @BeforeEach
    void emptyTables() throws SQLException {
        truncate();
        store = JdbcRecoveryStore.builder(dataSource()).migrate(false).build();
    }

    void insertDue(int count) {
        List<RecoverySequence> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(RecoverySequence.start("s" + i, Fixtures.cart(STORE, "c" + i, "u" + i, T0),
                    SequenceType.FIRST_TIME, null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0,
                    DUE.plusSeconds(i), T0));
        }
        store.insertAll(sequences, List.of());
    }

    @Test
    void concurrentNodesTakeDifferentTimers() throws Exception {
        insertDue(200);
        TimerPicker picker = store.timers();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Callable<List<TimerKey>>> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String node = "node-" + i;
            nodes.add(() -> picker.pick(DUE.plusSeconds(1000), DUE.plusSeconds(2000), node, 60));
        }
        List<TimerKey> all = new ArrayList<>();
        for (Future<List<TimerKey>> picked : threads.invokeAll(nodes)) {
            all.addAll(picked.get());
        }
        threads.shutdown();

        assertThat(all).hasSize(200).doesNotHaveDuplicates();
        assertThat(picker.pick(DUE.plusSeconds(1000), DUE.plusSeconds(2000), "late", 60)).isEmpty();
        assertThat(picker.pick(DUE.plusSeconds(2000), DUE.plusSeconds(3000), "late", 300)).hasSize(200);
    }

    @Test
    @Timeout(30) // without SKIP LOCKED the pick would wait for the lock forever
    void aRowLockedByAnotherTransactionIsSkippedNotWaitedFor() throws Exception {
        insertDue(3);
        try (Connection holder = dataSource().getConnection(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            // by primary key: MariaDB keeps the locks of every row a locking scan reads, even at READ COMMITTED
            statement.execute("SELECT id FROM cr_sequence WHERE store_id = '" + STORE + "' AND id = 's0' FOR UPDATE");
            List<TimerKey> picked = store.timers().pick(DUE.plusSeconds(10), DUE.plusSeconds(20), "n", 10);
            assertThat(picked).containsExactly(TimerKey.sequence(STORE, "s1"), TimerKey.sequence(STORE, "s2"));
            holder.rollback();
        }
    }

    @Test
    void theBackgroundLoopRunsDueWorkWithoutBeingAsked() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        CountDownLatch delivered = new CountDownLatch(1);
        JdbcScheduler scheduler = JdbcScheduler.builder(store).clock(clock).pollInterval(Duration.ofMillis(20))
                .build();
        try (RecoveryEngine engine = RecoveryEngine.builder().store(store).scheduler(scheduler).clock(clock)
                .sender(Channel.POPUP, (Delivery delivery) -> {
                    delivered.countDown();
                    return SendResult.delivered();
                }).configureStore(StoreSettings.builder(STORE).exactTiming().build()).build()) {
            engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
            engine.cartAbandoned(STORE, "c1", T0);
            clock.set(DUE);
            assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(60)
    void aBacklogLargerThanTheBatchDrainsWithoutWaitingForThePollInterval() throws Exception {
        insertDue(120);
        CountDownLatch ran = new CountDownLatch(120);
        JdbcScheduler scheduler = JdbcScheduler.builder(store).clock(SettableClock.at(DUE.plusSeconds(1000)))
                .pollInterval(Duration.ofHours(1)).workers(2).batchSize(10).build();
        scheduler.start(store::dueTimers, key -> {
            RecoverySequence due = store.sequence(STORE, key.id()).orElseThrow();
            store.compareAndSet(due, due.stop(StopReason.MANUAL, DUE), List.of());
            ran.countDown();
        });
        try {
            // one poll at start; every later pick must come from workers freeing room, not from the hourly poll
            assertThat(ran.await(50, TimeUnit.SECONDS)).as("timers left: %s", ran.getCount()).isTrue();
        } finally {
            scheduler.close();
        }
        assertThat(store.dueTimers(DUE.plusSeconds(1000), 200)).isEmpty();
    }

    @Test
    void closeGivesBackTimersTakenButNotStarted() throws Exception {
        insertDue(5);
        JdbcScheduler scheduler = JdbcScheduler.builder(store).clock(SettableClock.at(DUE.plusSeconds(10)))
                .workers(1).batchSize(10).nodeId("closing").shutdownTimeout(Duration.ofMillis(200)).build();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        scheduler.start(store::dueTimers, key -> {
            running.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        scheduler.close();

        assertThat(pickedBy("closing")).isEqualTo(1); // the one that was running keeps its mark
        assertThat(pickedBy(null)).isEqualTo(4);
    }

    @Test
    void healthReportsTheLastPollAndWhetherItRuns() {
        insertDue(2);
        SettableClock clock = SettableClock.at(DUE.plusSeconds(5));
        JdbcScheduler scheduler = JdbcScheduler.builder(store).clock(clock).backgroundPolling(false).build();
        assertThat(scheduler.health().running()).isFalse();
        scheduler.start(store::dueTimers, key -> { });

        assertThat(scheduler.pollOnce()).isEqualTo(2);

        assertThat(scheduler.health()).isEqualTo(new Scheduler.Health(true, clock.instant(), 0));
        scheduler.close();
        assertThat(scheduler.health().running()).isFalse();
    }

    @Test
    void pollingBeforeStartIsAnError() {
        JdbcScheduler scheduler = JdbcScheduler.builder(store).backgroundPolling(false).build();
        assertThatThrownBy(scheduler::pollOnce).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> JdbcScheduler.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store");
        assertThatThrownBy(() -> JdbcScheduler.builder(store).workers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> JdbcScheduler.builder(store).pollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> JdbcScheduler.builder(store).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> JdbcScheduler.builder(store).nodeId(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId");
    }

    int pickedBy(String node) throws SQLException {
        String sql = "SELECT COUNT(*) FROM cr_sequence WHERE picked_by " + (node == null ? "IS NULL" : "= '" + node + "'");
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

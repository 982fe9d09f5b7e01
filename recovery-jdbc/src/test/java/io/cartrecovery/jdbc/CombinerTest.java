package io.cartrecovery.jdbc;

import io.cartrecovery.core.StoreAccessException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls that arrive while a group runs share the next group (one transaction for writes), and each still gets its
 * own result; here each call is a statement of its own, run in order by the group.
 */
@Timeout(60)
class CombinerTest {
    private JdbcDataSource h2;
    private final AtomicInteger commits = new AtomicInteger();
    /** The commit (counting from 1) that loses its connection; 0 for none. */
    private volatile int failingCommit;
    private Combiner<Jdbc.Work<Boolean>, Boolean> group;
    private final ExecutorService writers = Executors.newFixedThreadPool(8);

    @BeforeEach
    void table() throws SQLException {
        h2 = Databases.h2();
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE counter (id INT PRIMARY KEY, v INT NOT NULL)");
            statement.execute("INSERT INTO counter SELECT x, 0 FROM SYSTEM_RANGE(0, 99)");
        }
        group = combiner(true);
    }

    /** Runs each write of a group as a statement of its own, in order, in a transaction or in auto-commit mode. */
    private Combiner<Jdbc.Work<Boolean>, Boolean> combiner(boolean transaction) {
        return new Combiner<>(new Jdbc(countingCommits(h2), Dialect.H2.sql()), "complete steps together", (connection, works) -> {
            List<Boolean> results = new ArrayList<>();
            for (Jdbc.Work<Boolean> work : works) {
                results.add(work.run(connection));
            }
            return results;
        }, transaction);
    }

    @AfterEach
    void shutdown() throws Exception {
        writers.shutdownNow();
        Databases.shutdownH2(h2);
    }

    @Test
    void withoutATransactionAFailedGroupRunsAgainWriteByWriteAndNoCompareAndSetTakesEffectTwice() throws Exception {
        group = combiner(false);
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = writers.submit(() -> group.run(blockedUntil(firstRunning, release)));
        assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> committedBeforeTheFailure = writers.submit(() -> group.run(increment(1, 0)));
        while (group.queued() < 1) {
            Thread.onSpinWait();
        }
        Future<Boolean> bad = writers.submit(() -> group.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("UPDATE no_such_table SET v = 1") == 1;
            }
        }));
        while (group.queued() < 2) {
            Thread.onSpinWait(); // the bad write is queued before the next one, whatever the load
        }
        Future<Boolean> after = writers.submit(() -> group.run(increment(2, 0)));
        while (group.queued() < 3) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(first.get()).isTrue();
        assertThat(committedBeforeTheFailure.get()).as("ran again alone: its version had moved").isFalse();
        assertThatThrownBy(bad::get).hasCauseInstanceOf(StoreAccessException.class);
        assertThat(after.get()).isTrue();
        assertThat(values(0, 2)).containsExactly(1, 1, 1);
        assertThat(commits).as("auto-commit mode: no commit call").hasValue(0);
    }

    /** Increments row {@code id} if its value is {@code expected}: a compare-and-set like a step's completion. */
    private static Jdbc.Work<Boolean> increment(int id, int expected) {
        return connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE counter SET v = v + 1 WHERE id = ? AND v = ?")) {
                statement.setInt(1, id);
                statement.setInt(2, expected);
                return statement.executeUpdate() == 1;
            }
        };
    }

    @Test
    void writesQueuedDuringACommitShareTheNextTransaction() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = writers.submit(() -> group.run(blockedUntil(firstRunning, release)));
        assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
        List<Future<Boolean>> others = new ArrayList<>();
        for (int id = 1; id <= 6; id++) {
            int row = id;
            others.add(writers.submit(() -> group.run(increment(row, 0))));
        }
        while (group.queued() < 6) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(first.get()).isTrue();
        for (Future<Boolean> other : others) {
            assertThat(other.get()).isTrue();
        }
        assertThat(commits).as("one for the first write, one for the six queued behind it").hasValue(2);
        assertThat(values(0, 6)).containsOnly(1);
    }

    @Test
    void eachWriteGetsItsOwnCompareAndSetResult() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int id = i % 100;
            int expected = i / 100; // rows take turns: 0, then 1, ... from four rounds
            results.add(writers.submit(() -> {
                while (!group.run(increment(id, expected))) {
                    Thread.onSpinWait(); // the previous round of this row has not committed yet
                }
                return true;
            }));
        }
        for (Future<Boolean> result : results) {
            assertThat(result.get()).isTrue();
        }
        assertThat(values(0, 99)).containsOnly(4);
        assertThat(group.run(increment(5, 0))).isFalse();
    }

    @Test
    void aFailingWriteFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = writers.submit(() -> group.run(blockedUntil(firstRunning, release)));
        assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> good = writers.submit(() -> group.run(increment(1, 0)));
        Future<Boolean> bad = writers.submit(() -> group.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("UPDATE no_such_table SET v = 1") == 1;
            }
        }));
        while (group.queued() < 2) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(first.get()).isTrue();
        assertThat(good.get()).isTrue();
        assertThatThrownBy(bad::get).hasCauseInstanceOf(StoreAccessException.class)
                .hasMessageContaining("could not complete steps together");
        assertThat(values(0, 1)).containsOnly(1);
    }

    @Test
    void whenTheCommitFailsEveryWriteOfTheGroupFailsAndNoneRunsAgain() throws Exception {
        failingCommit = 2; // the second group, the three writes queued behind the first, loses its commit
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = writers.submit(() -> group.run(blockedUntil(firstRunning, release)));
        assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
        List<Future<Boolean>> queued = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            int row = id;
            queued.add(writers.submit(() -> group.run(increment(row, 0))));
        }
        while (group.queued() < 3) {
            Thread.onSpinWait();
        }
        release.countDown();
        assertThat(first.get()).isTrue();

        for (Future<Boolean> write : queued) {
            assertThatThrownBy(write::get).hasCauseInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("SQLState 08006");
        }
        assertThat(commits).as("no write ran again after the failed commit").hasValue(2);
        assertThat(values(1, 3)).containsOnly(0);
    }

    /** Increments row 0 once {@code release} opens, after telling {@code running} it holds the group. */
    private static Jdbc.Work<Boolean> blockedUntil(CountDownLatch running, CountDownLatch release) {
        return connection -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return increment(0, 0).run(connection);
        };
    }

    private List<Integer> values(int from, int to) throws SQLException {
        List<Integer> values = new ArrayList<>();
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM counter WHERE id BETWEEN " + from + " AND " + to)) {
            while (rows.next()) {
                values.add(rows.getInt(1));
            }
        }
        return values;
    }

    /** {@code dataSource}, counting the commits of its connections. */
    private DataSource countingCommits(JdbcDataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(dataSource, args);
                    if (!(result instanceof Connection)) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("commit")) {
                                    if (commits.incrementAndGet() == failingCommit) {
                                        throw new SQLException("connection lost during commit", "08006");
                                    }
                                }
                                try {
                                    return m.invoke(connection, a);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }
}

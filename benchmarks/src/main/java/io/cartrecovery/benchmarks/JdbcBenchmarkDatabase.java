package io.cartrecovery.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Tone;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away schema in the local PostgreSQL for the JDBC benchmarks (system properties
 * {@code bench.postgres.url} and {@code bench.postgres.user}; default {@code jdbc:postgresql://127.0.0.1:5432/test},
 * {@code postgres}), or with {@code -Dbench.db=mariadb} a throw-away database in the local MariaDB
 * ({@code bench.mariadb.url}, {@code bench.mariadb.user}; default {@code jdbc:mariadb://127.0.0.1:3306/},
 * {@code root}), whose pool hands out READ COMMITTED connections as the README advises. Only
 * {@link JdbcStepBenchmark} and {@link JdbcBatchStartBenchmark} take the MariaDB option.
 */
final class JdbcBenchmarkDatabase implements AutoCloseable {
    static final boolean MARIADB = "mariadb".equalsIgnoreCase(System.getProperty("bench.db", "postgresql"));
    static final String URL = MARIADB ? System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/")
            : System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = MARIADB ? System.getProperty("bench.mariadb.user", "root")
            : System.getProperty("bench.postgres.user", "postgres");

    /** Two steps: one due a minute after abandonment, one so far away that it never runs in a benchmark. */
    static final List<StepDefinition> PLAN = List.of(
            StepDefinition.of("EMAIL_1M", Duration.ofMinutes(1), Channel.EMAIL, Tone.HELPFUL_REMINDER),
            StepDefinition.of("EMAIL_1000D", Duration.ofDays(1000), Channel.EMAIL, Tone.LAST_CHANCE));

    final String schema;
    final HikariDataSource dataSource;

    JdbcBenchmarkDatabase(String name, int poolSize) throws SQLException {
        schema = "bench_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        if (MARIADB) {
            execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            config.setJdbcUrl(URL + schema);
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        } else {
            execute("CREATE SCHEMA " + schema);
            config.setJdbcUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema
                    + "&reWriteBatchedInserts=true");
        }
        config.setUsername(USER);
        config.setMaximumPoolSize(poolSize);
        dataSource = new HikariDataSource(config);
    }

    /** Cart {@code c<i>} of customer {@code u<i>}, last active at {@code at}. */
    static Cart cart(String storeId, int i, Instant at) {
        return new Cart(storeId, "c" + i, "u" + i, "sf-" + i, Currency.getInstance("USD"), List.of(
                new CartItem("SKU-1", "Merino Wool Sweater", 1, new BigDecimal("89.00"), null, 40),
                new CartItem("SKU-2", "Organic Cotton Socks", 3, new BigDecimal("12.50"), null, 200)),
                new BigDecimal("126.50"), "https://shop.example.com/cart/" + i, at);
    }

    static Customer customer(String storeId, int i) {
        return Customer.of(storeId, "u" + i, "u" + i + "@example.com");
    }

    /** A new sequence of cart {@code c<i>} and customer {@code u<i>} abandoned at {@code at}. */
    static RecoverySequence sequence(String storeId, int i, Instant at) {
        return RecoverySequence.start("seq-" + i + "-" + at.toEpochMilli(), cart(storeId, i, at),
                SequenceType.FIRST_TIME, null, PLAN, at, at.plus(PLAN.get(0).offset()), at);
    }

    /** Settings of {@code storeId}, and carts and customers {@code 0..count-1}, written by four threads. */
    static void saveStoreCartsAndCustomers(JdbcRecoveryStore store, String storeId, int count, Instant at)
            throws InterruptedException {
        store.saveSettings(StoreSettings.builder(storeId).exactTiming().expireAfter(Duration.ofDays(3000)).build());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int first = t;
            threads.execute(() -> {
                for (int i = first; i < count; i += 4) {
                    store.saveCustomer(customer(storeId, i));
                    store.saveCart(cart(storeId, i, at), null);
                }
            });
        }
        threads.shutdown();
        threads.awaitTermination(10, TimeUnit.MINUTES);
    }

    /** Empties the sequences and events, then inserts {@code count} sequences abandoned at {@code at}. */
    void replaceSequences(JdbcRecoveryStore store, String storeId, int count, Instant at) throws SQLException {
        truncate("cr_sequence", "cr_event");
        for (int from = 0; from < count; from += 1_000) {
            List<RecoverySequence> batch = new ArrayList<>(1_000);
            List<RecoveryEvent> events = new ArrayList<>(1_000);
            for (int i = from; i < Math.min(count, from + 1_000); i++) {
                RecoverySequence sequence = sequence(storeId, i, at);
                batch.add(sequence);
                events.add(RecoveryEvent.of(sequence, EventType.SEQUENCE_STARTED, null, null, null, at));
            }
            store.insertAll(batch, events);
        }
        analyze("cr_sequence");
    }

    /** Empties {@code tables}. */
    void truncate(String... tables) throws SQLException {
        if (MARIADB) {
            for (String table : tables) {
                sql("TRUNCATE TABLE " + table);
            }
        } else {
            sql("TRUNCATE " + String.join(", ", tables));
        }
    }

    /** Refreshes the statistics of {@code tables}, or of every table when none is named. */
    void analyze(String... tables) throws SQLException {
        if (MARIADB) {
            sql("ANALYZE TABLE " + (tables.length > 0 ? String.join(", ", tables)
                    : "cr_sequence, cr_event, cr_cart, cr_customer, cr_suppression"));
        } else {
            sql("ANALYZE " + String.join(", ", tables));
        }
    }

    /** Waits until no step is in flight any more: every sequence has run its first step. */
    void awaitFirstStepsCompleted(int count) throws SQLException, InterruptedException {
        while (true) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM cr_event WHERE event_type = 'STEP_SENT'")) {
                rows.next();
                if (rows.getInt(1) >= count) {
                    return;
                }
            }
            Thread.sleep(1); // polls lightly: a busy poll would take CPU from the last steps it waits for
        }
    }

    void sql(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        dataSource.close();
        execute(MARIADB ? "DROP DATABASE IF EXISTS " + schema : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}

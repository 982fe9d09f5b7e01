package io.cartrecovery.examples.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.jdbc.JdbcRecoveryStore;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * The demo's store: {@link JdbcRecoveryStore} on a HikariCP pool, by default over an embedded H2 database in memory
 * that is gone when the run ends, or with {@code --db-url} in a fresh schema of that database that the run creates
 * (and drops only with {@code --drop-schema}, so the tables can be inspected afterwards); or the engine's in-memory
 * store. Closing it closes the pool.
 */
final class DemoDatabase implements AutoCloseable {
    /** Schemas the demo creates are named this, followed by 8 random hex digits. */
    static final String SCHEMA_PREFIX = "cartrecovery_demo_";
    static final int POOL_SIZE = 4;
    /**
     * How long the store reuses the store settings it read, in the demo's virtual time. The store's default, a
     * second, is meant for nodes that share a database on the real clock; the demo is one node whose clock moves a
     * minute at a time, so that default would parse the settings again on nearly every call.
     */
    static final Duration SETTINGS_TTL = Duration.ofHours(1);
    /**
     * Statements each H2 session keeps parsed. H2's default, 8, is fewer than the store's statements of one step,
     * so every statement was parsed again on every call: a tenth of the demo's time.
     */
    static final int H2_QUERY_CACHE_SIZE = 128;
    private static final SecureRandom NAMES = new SecureRandom();

    private final RecoveryStore store;
    private final DemoResult.Storage description;
    private final HikariDataSource pool;
    /** The database {@link #pool} connects to: the embedded one, or the one at {@code --db-url}. */
    private final DemoOptions.Database options;

    private DemoDatabase(RecoveryStore store, DemoResult.Storage description, HikariDataSource pool,
                         DemoOptions.Database options) {
        this.store = store;
        this.description = description;
        this.pool = pool;
        this.options = options;
    }

    /**
     * Opens the store {@code options} asks for; {@code clock} is the engine's.
     *
     * @throws StoreAccessException when the database cannot be reached or set up (the message holds no password)
     */
    static DemoDatabase open(DemoOptions.Database options, Clock clock) {
        if (options.store() == DemoOptions.Store.MEMORY) {
            return new DemoDatabase(RecoveryStore.inMemory(), new DemoResult.Storage("in-memory store", null,
                    false), null, options);
        }
        if (options.url() == null) {
            DemoOptions.Database embedded = DemoOptions.Database.at("jdbc:h2:mem:" + SCHEMA_PREFIX + randomSuffix()
                    + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE);
            return withStore(pool(embedded, null), clock, new DemoResult.Storage("H2 in memory (recovery-jdbc)",
                    null, false), embedded);
        }
        String schema = SCHEMA_PREFIX + randomSuffix();
        String product;
        try (Connection connection = connect(options); Statement statement = connection.createStatement()) {
            product = connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion().split(" ")[0];
            statement.execute("CREATE SCHEMA \"" + schema + "\"");
        } catch (SQLException e) {
            throw new StoreAccessException("cannot create a schema at " + options.printableUrl() + ": "
                    + e.getMessage(), e);
        }
        try {
            return withStore(pool(options, schema), clock, new DemoResult.Storage(product + ", schema " + schema
                    + " (recovery-jdbc)", schema, options.dropSchema()), options);
        } catch (RuntimeException e) { // the pool or the migration failed: leave no empty schema behind
            try {
                dropSchema(options, schema);
            } catch (RuntimeException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
    }

    private static DemoDatabase withStore(HikariDataSource pool, Clock clock, DemoResult.Storage description,
                                          DemoOptions.Database options) {
        try {
            return new DemoDatabase(JdbcRecoveryStore.builder(pool).clock(clock).settingsCacheTtl(SETTINGS_TTL).build(),
                    description, pool, options);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    RecoveryStore store() {
        return store;
    }

    DemoResult.Storage description() {
        return description;
    }

    /** Closes the pool; ends the embedded H2 database, or drops the demo's schema if asked to. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.close();
        if (description.schema() == null) {
            shutdownEmbedded(options);
        } else if (description.schemaDropped()) {
            dropSchema(options, description.schema());
        }
    }

    private static void shutdownEmbedded(DemoOptions.Database embedded) {
        try (Connection connection = connect(embedded); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new StoreAccessException("cannot shut the embedded H2 database down", e);
        }
    }

    private static void dropSchema(DemoOptions.Database options, String schema) {
        try (Connection connection = connect(options); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new StoreAccessException("cannot drop the schema " + schema + " at " + options.printableUrl(), e);
        }
    }

    /** A pool on {@code options}' database, in {@code schema} unless it is {@code null}. */
    private static HikariDataSource pool(DemoOptions.Database options, String schema) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cartrecovery-demo");
        config.setDriverClassName(driver(options.url()).getClass().getName());
        config.setJdbcUrl(options.url());
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setSchema(schema);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) { // Hikari's pool initialization failure
            throw new StoreAccessException("cannot open a connection pool on " + options.printableUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    /** One unpooled connection, for creating and dropping the schema. */
    private static Connection connect(DemoOptions.Database options) throws SQLException {
        Properties properties = new Properties();
        if (options.user() != null) {
            properties.setProperty("user", options.user());
        }
        if (options.password() != null) {
            properties.setProperty("password", options.password());
        }
        Connection connection = driver(options.url()).connect(options.url(), properties);
        if (connection == null) {
            throw new SQLException("the driver does not accept the URL");
        }
        return connection;
    }

    /**
     * The driver of {@code url}, created directly: under {@code mvn exec:java} the drivers sit in a class loader
     * that {@link java.sql.DriverManager} may not search.
     */
    private static Driver driver(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:") ? new org.h2.Driver() : new org.postgresql.Driver();
    }

    private static String randomSuffix() {
        return HexFormat.of().toHexDigits(NAMES.nextInt());
    }
}

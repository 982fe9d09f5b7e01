package io.cartrecovery.jdbc;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.analytics.AnalyticsReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A durable {@link RecoveryStore} on H2, PostgreSQL or MariaDB/MySQL behind a {@link DataSource} the host gives (pool it).
 * Records are kept as JSON next to the columns that queries filter on; every query is parameterized; database
 * errors surface as {@link StoreAccessException}, unique-key violations on insert as
 * {@link io.cartrecovery.core.ConflictException}. Several nodes may share one PostgreSQL or MariaDB database. Batches of
 * store events take a fixed number of round trips ({@link #readBatch}, {@link #writeBatch}), and engine calls
 * can join the host's own transaction ({@link #inTransaction}).
 *
 * <pre>{@code
 * JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource).build(); // detects the dialect, migrates
 * }</pre>
 */
public final class JdbcRecoveryStore implements RecoveryStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRecoveryStore.class);

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final SqlDialect sql;
    private final SequenceRows rows;
    private final Json json;
    private final String upsertSettings;
    private final String upsertCart;
    private final String upsertCustomer;
    private final TimerPicker timers;
    private final SettingsCache settingsCache;
    private final JdbcPopups popups;
    private final JdbcEvents eventLog;
    private final StepContexts stepContexts;
    private final JdbcSuppressions suppressions;
    private final JdbcSequenceWrites sequenceWrites;
    private final JdbcBatches batches;
    private final JdbcPrivacy privacy;
    private final JdbcReceipts receipts;

    private JdbcRecoveryStore(DataSource dataSource, Dialect dialect, Clock clock, SettingsCache settingsCache) {
        this.settingsCache = settingsCache;
        this.dialect = dialect;
        this.sql = dialect.sql();
        this.jdbc = new Jdbc(dataSource, sql);
        this.json = new Json();
        this.rows = new SequenceRows(sql, json);
        this.upsertSettings = sql.upsertSettings();
        this.upsertCart = sql.upsertCart();
        this.upsertCustomer = sql.upsertCustomer();
        this.timers = new TimerPicker(jdbc, sql);
        this.popups = new JdbcPopups(jdbc, json, sql);
        this.eventLog = new JdbcEvents(jdbc, rows);
        this.suppressions = new JdbcSuppressions(jdbc, sql);
        this.sequenceWrites = new JdbcSequenceWrites(jdbc, rows);
        this.stepContexts = new StepContexts(jdbc, sql, json, clock, suppressions);
        this.batches = new JdbcBatches(jdbc, rows, upsertCart, upsertCustomer);
        this.privacy = new JdbcPrivacy(jdbc, sql, json, suppressions);
        this.receipts = new JdbcReceipts(jdbc, sql);
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The dialect this store speaks. */
    public Dialect dialect() {
        return dialect;
    }

    /** The timer rows, for {@link JdbcScheduler}. */
    TimerPicker timers() {
        return timers;
    }

    // --- settings, carts, customers ---

    @Override
    public void saveSettings(StoreSettings settings) {
        required(settings, "settings");
        update("save store settings", upsertSettings, settings.storeId(), json.write(settings));
        settingsCache.saved(settings);
    }

    @Override
    public Optional<StoreSettings> settings(String storeId) {
        return settingsCache.get(storeId, () -> body("read store settings", sql.selectSettings(),
                StoreSettings.class, storeId));
    }

    @Override
    public void saveCart(Cart cart, Instant abandonmentDueAt) {
        required(cart, "cart");
        jdbc.run("save a cart", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, upsertCart)) {
                sql.bindCart(statement, cart, json.write(cart), abandonmentDueAt);
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Cart> cart(String storeId, String cartId) {
        return body("read a cart", sql.selectCart(), Cart.class, storeId, cartId);
    }

    @Override
    public Optional<Instant> abandonmentDueAt(String storeId, String cartId) {
        return jdbc.run("read a cart", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, sql.selectAbandonmentDue(), storeId, cartId)) {
                try (ResultSet found = statement.executeQuery()) {
                    return found.next() ? Optional.ofNullable(sql.getTime(found, 1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void deleteCart(String storeId, String cartId) {
        update("delete a cart", sql.deleteCart(), storeId, cartId);
    }

    @Override
    public void saveCustomer(Customer customer) {
        required(customer, "customer");
        update("save a customer", upsertCustomer, customer.storeId(), customer.customerId(), json.write(customer),
                StepContexts.emailKey(customer));
    }

    @Override
    public Optional<Customer> customer(String storeId, String customerId) {
        return body("read a customer", sql.selectCustomer(), Customer.class, storeId, customerId);
    }

    // --- sequences ---

    @Override
    public void insert(RecoverySequence sequence, List<RecoveryEvent> events) {
        insertAll(List.of(sequence), events);
    }

    /**
     * Stores many new sequences and their events in one transaction with one round trip per table (JDBC batches):
     * all or nothing.
     *
     * @throws io.cartrecovery.core.ConflictException if any id exists or any customer would get a second active
     *                                                sequence; then nothing is stored
     */
    public void insertAll(List<RecoverySequence> sequences, List<RecoveryEvent> events) {
        sequenceWrites.insertAll(sequences, events);
    }

    @Override
    public boolean compareAndSet(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {
        return sequenceWrites.compareAndSet(current, next, events);
    }

    @Override
    public boolean claim(RecoverySequence current, RecoverySequence claimed) {
        return sequenceWrites.claim(current, claimed);
    }

    @Override
    public Optional<RecoverySequence> sequence(String storeId, String sequenceId) {
        return body("read a sequence", sql.selectSequence(), RecoverySequence.class, storeId, sequenceId);
    }

    /**
     * One query: the sequence joined with its cart, customer and the suppression of the customer's address; or
     * no query, when {@link JdbcScheduler} read it with the rest of its pick within the last second.
     */
    @Override
    public Optional<StepContext> stepContext(String storeId, String sequenceId) {
        return stepContexts.read(storeId, sequenceId);
    }

    /** The step contexts of picked timers, read in bulk for {@link JdbcScheduler}. */
    StepContexts stepContexts() {
        return stepContexts;
    }

    @Override
    public List<RecoverySequence> sequencesOfCart(String storeId, String cartId) {
        return bodies("read the sequences of a cart", sql.sequencesOfCart(), RecoverySequence.class, storeId,
                cartId);
    }

    @Override
    public Optional<RecoverySequence> activeSequenceOfCustomer(String storeId, String customerId) {
        return body("read the active sequence of a customer", sql.activeSequenceOfCustomer(),
                RecoverySequence.class, storeId, customerId);
    }

    @Override
    public Page<RecoverySequence> activeSequences(String storeId, PageRequest page) {
        required(page, "page");
        String query = sql.activeSequences(page.after() != null, page.limit() + 1);
        List<RecoverySequence> found = page.after() == null
                ? bodies("page active sequences", query, RecoverySequence.class, storeId)
                : bodies("page active sequences", query, RecoverySequence.class, storeId, page.after());
        if (found.size() <= page.limit()) {
            return new Page<>(found, null);
        }
        List<RecoverySequence> items = found.subList(0, page.limit());
        return new Page<>(items, items.get(items.size() - 1).id());
    }

    @Override
    public List<DueTimer> dueTimers(Instant now, int limit) {
        return timers.due(required(now, "now"), limit);
    }

    /** A {@link JdbcScheduler} with its defaults on {@code clock}: due work is shared between the nodes. */
    @Override
    public Scheduler defaultScheduler(Clock clock) {
        return JdbcScheduler.builder(this).clock(clock).build();
    }

    // --- batches ---

    /**
     * Four queries on one connection, whatever the size of the batch; on PostgreSQL one index lookup per id. Keep
     * the table statistics current (autovacuum does): while they still claim an empty table, for instance right
     * after a bulk load or a truncate, the customers' active sequences may be read through the wrong index; run
     * {@code ANALYZE} then.
     */
    @Override
    public BatchState readBatch(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        required(storeId, "storeId");
        return batches.read(storeId, cartIds, customerIds);
    }

    /**
     * One transaction with one JDBC batch per table, whatever the size of the batch; rolled back, changing
     * nothing, when a compare-and-set misses or a new sequence conflicts.
     */
    @Override
    public boolean writeBatch(BatchWrite write) {
        return batches.write(required(write, "write"));
    }

    /** One query. */
    @Override
    public Set<String> sequencesWithEvent(String storeId, Collection<String> sequenceIds, EventType type) {
        required(type, "type");
        return batches.withEvent(storeId, sequenceIds, type);
    }

    // --- the host's transaction ---

    /**
     * Runs {@code work} (engine calls, typically) on the calling thread with every read and write this store makes
     * from that thread on {@code hostConnection}, inside the host's transaction: this store never commits, rolls
     * back or closes it, so the host's commit or rollback decides both its own writes and the engine's.
     * <pre>{@code
     * connection.setAutoCommit(false);
     * insertOrder(connection, order);                                   // the host's own write
     * store.inTransaction(connection, () -> engine.orderPlaced(order)); // stops the sequence, same transaction
     * connection.commit();                                              // both, or neither on rollback
     * }</pre>
     * Other threads (the scheduler's workers, other requests) keep using the pool meanwhile; a sequence row
     * written here stays locked for them until the host ends its transaction. A multi-statement write runs within
     * a savepoint and is undone alone if it fails. On PostgreSQL, any other failing statement, such as a unique-key
     * violation of a single insert (another sequence of the customer started concurrently), aborts the host's
     * transaction: the call throws, and the host must roll back. On MariaDB a deadlock rolls the host's whole
     * transaction back (the call throws; it is not run again, as it would be on a connection of the store's own).
     *
     * @throws IllegalArgumentException if {@code hostConnection} or {@code work} is null, or the connection is in
     *                                  auto-commit mode
     * @throws IllegalStateException    if the thread already runs inside this method for this store
     */
    public void inTransaction(Connection hostConnection, Runnable work) {
        jdbc.bound(hostConnection, work);
    }

    // --- events ---

    @Override
    public void append(List<RecoveryEvent> events) {
        sequenceWrites.append(events);
    }

    /** The key's row in {@code cr_event_key} and the event, in one transaction. */
    @Override
    public boolean appendOnce(RecoveryEvent event, String key) {
        required(event, "event");
        if (key == null || key.isEmpty() || key.length() > MAX_EVENT_KEY_LENGTH) {
            throw new IllegalArgumentException("key must be 1 to " + MAX_EVENT_KEY_LENGTH + " characters");
        }
        return sequenceWrites.appendOnce(event, key);
    }

    @Override
    public List<RecoveryEvent> events(String storeId, Instant from, Instant to) {
        return eventLog.period(storeId, from, to);
    }

    /** Answered from the index on (store, customer, time) of opens and clicks. */
    @Override
    public List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return eventLog.engagement(storeId, customerId, from, to);
    }

    /**
     * The calculator's report, computed by SQL aggregates: the database returns a few rows per arm, sequence type
     * and step, never the events, and the report agrees with {@link io.cartrecovery.core.analytics.AnalyticsCalculator}
     * over the same log (times as stored, to the microsecond; on H2 amounts to 10 decimal places).
     */
    @Override
    public AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        required(settings, "settings");
        return eventLog.analytics(settings, from, to);
    }

    @Override
    public List<RecoveryEvent> eventsOfSequence(String storeId, String sequenceId) {
        return eventLog.ofSequence(storeId, sequenceId);
    }

    // --- popups ---

    @Override
    public void savePopup(PendingPopup popup) {
        popups.save(required(popup, "popup"));
    }

    @Override
    public Optional<PendingPopup> takePopup(String storeId, String storefrontToken, Instant now) {
        return popups.take(storeId, storefrontToken, now);
    }

    // --- suppression ---

    @Override
    public boolean suppress(String storeId, SuppressionKey key, String reason, Instant at) {
        return suppressions.suppress(storeId, required(key, "key"), reason, at);
    }

    @Override
    public boolean isSuppressed(String storeId, SuppressionKey key) {
        return suppressions.contains(storeId, required(key, "key"));
    }

    // --- privacy ---

    /** One transaction: the events rewritten, the rows deleted, the address suppressed, or nothing. */
    @Override
    public boolean eraseCustomer(String storeId, String customerId, Instant at) {
        return privacy.eraseCustomer(required(storeId, "storeId"), required(customerId, "customerId"),
                required(at, "at"));
    }

    /**
     * One transaction over every table. This node forgets the store's cached settings at once; other nodes within
     * their settings cache's time to live.
     */
    @Override
    public void eraseStore(String storeId) {
        privacy.eraseStore(required(storeId, "storeId"));
        settingsCache.forget(storeId);
    }

    /** One transaction, so that the export is one consistent view. */
    @Override
    public CustomerExport exportCustomer(String storeId, String customerId) {
        return privacy.export(required(storeId, "storeId"), required(customerId, "customerId"));
    }

    /** One transaction; each batch is read through an index and deleted by key, with its condition checked again. */
    @Override
    public int purgeExpired(String storeId, Instant cutoff, Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return privacy.purge(required(storeId, "storeId"), required(cutoff, "cutoff"), required(now, "now"), limit);
    }

    // --- webhook receipts ---

    @Override
    public Claim claimReceipt(String storeId, String key, Instant now, Instant holdUntil) {
        return receipts.claim(required(storeId, "storeId"), key, now, holdUntil);
    }

    @Override
    public void completeReceipt(String storeId, String key, Instant at) {
        receipts.complete(required(storeId, "storeId"), key, at);
    }

    @Override
    public void releaseReceipt(String storeId, String key, Instant holdUntil) {
        receipts.release(required(storeId, "storeId"), key, holdUntil);
    }

    @Override
    public int purgeReceipts(Instant before, int limit) {
        return receipts.purge(before, limit);
    }

    // --- helpers ---

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    private void update(String what, String statementSql, String... parameters) {
        jdbc.run(what, connection -> {
            try (PreparedStatement statement = sql.prepare(connection, statementSql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    private <T> Optional<T> body(String what, String query, Class<T> type, String... parameters) {
        List<T> found = bodies(what, query, type, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private <T> List<T> bodies(String what, String query, Class<T> type, String... parameters) {
        return jdbc.run(what, connection -> {
            try (PreparedStatement statement = sql.prepare(connection, query, parameters)) {
                return rows.readBodies(statement, type);
            }
        });
    }

    /** Fluent builder; the dialect is detected unless set, and the schema is migrated unless told otherwise. */
    public static final class Builder {
        /** Whether {@link #build()} applies missing migrations by default. */
        public static final boolean DEFAULT_MIGRATE = true;

        private final DataSource dataSource;
        private Dialect dialect;
        /** How long settings read from the database are reused by default. */
        public static final Duration DEFAULT_SETTINGS_CACHE_TTL = Duration.ofSeconds(1);

        private boolean migrate = DEFAULT_MIGRATE;
        private Clock clock = Clock.systemUTC();
        private Duration settingsCacheTtl = DEFAULT_SETTINGS_CACHE_TTL;

        private Builder(DataSource dataSource) {
            if (dataSource == null) {
                throw new IllegalArgumentException("dataSource must not be null");
            }
            this.dataSource = dataSource;
        }

        /** The SQL dialect; default detected from the connection's metadata. */
        public Builder dialect(Dialect value) {
            if (value == null) {
                throw new IllegalArgumentException("dialect must not be null");
            }
            this.dialect = value;
            return this;
        }

        /**
         * Whether to apply missing migrations at build time (default); turn off when the host applies the scripts
         * itself (Flyway with a history table of its own): {@link #build()} then checks that the schema is at
         * {@link JdbcSchema#latestVersion()} and throws {@link SchemaVersionException} when it is missing or older.
         */
        public Builder migrate(boolean value) {
            this.migrate = value;
            return this;
        }

        /** Time for the settings cache; give the engine's clock. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) {
            if (value == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = value;
            return this;
        }

        /**
         * How long store settings read from the database are reused (every step reads them); a change made on
         * another node shows within this time. {@link Duration#ZERO} reads them every time. Default 1 second.
         */
        public Builder settingsCacheTtl(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("settingsCacheTtl must not be null or negative");
            }
            this.settingsCacheTtl = value;
            return this;
        }

        /**
         * The store; with {@code migrate(false)} only once the schema is at the version this code needs.
         *
         * @throws SchemaVersionException if {@code migrate(false)} finds the schema missing or older
         */
        public JdbcRecoveryStore build() {
            Dialect resolved = dialect != null ? dialect : Dialect.detect(dataSource);
            int version = migrate ? JdbcSchema.migrate(dataSource, resolved) : JdbcSchema.check(dataSource, resolved);
            LOG.info("cart recovery JDBC store: dialect={}, migrate={}, schemaVersion={}, settingsCacheTtl={}",
                    resolved, migrate, version, settingsCacheTtl);
            return new JdbcRecoveryStore(dataSource, resolved, clock, new SettingsCache(clock, settingsCacheTtl));
        }
    }
}

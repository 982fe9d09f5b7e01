package io.cartrecovery.jdbc;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.TimerKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.StringJoiner;

/**
 * Every SQL statement of the adapter, and how a dialect prepares and binds them: this class holds what the three
 * dialects share, {@link H2Sql}, {@link PostgresSql} and {@link MariaDbSql} what differs (as db-scheduler keeps
 * one {@code JdbcCustomization} per database). Nothing outside these classes writes SQL or prepares a statement.
 * The analytics statement is in {@link AnalyticsSql}, erasure, export and retention in {@link PrivacySql}, the
 * webhook receipts in {@link ReceiptSql} and the batch reads by ids in {@link BatchSql}, this class's bases; the columns of {@code cr_sequence} and
 * {@code cr_event} and their binders are {@link SequenceRows}'.
 */
abstract class SqlDialect extends BatchSql {
    /** The two kinds of timer rows: their kind, table, key columns, due column and the index on it. */
    enum Timers {
        SEQUENCES(TimerKey.Kind.SEQUENCE, "cr_sequence", "id", "due_at", "cr_sequence_due"),
        CARTS(TimerKey.Kind.CART, "cr_cart", "cart_id", "abandonment_due_at", "cr_cart_due");

        final TimerKey.Kind kind;
        final String table;
        final String id;
        final String due;
        final String dueIndex;

        Timers(TimerKey.Kind kind, String table, String id, String due, String dueIndex) {
            this.kind = kind;
            this.table = table;
            this.id = id;
            this.due = due;
            this.dueIndex = dueIndex;
        }

        String keys() {
            return "store_id, " + id;
        }
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Folder of this dialect's migrations under {@code db/cartrecovery/}. */
    abstract String resourceFolder();

    // --- connections, statements, times ---

    /** Readies a pooled connection for the store's work (not the host's connection); nothing by default. */
    void prepareConnection(Connection connection) throws SQLException {
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    /** {@code sql} with {@code parameters} bound as strings from the first on. */
    PreparedStatement prepare(Connection connection, String sql, String... parameters) throws SQLException {
        PreparedStatement statement = prepare(connection, sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
        }
        return statement;
    }

    /** Runs {@code statement} and hands every row to {@code reader}. */
    static void read(PreparedStatement statement, RowReader reader) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    /** Binds an instant, or SQL NULL; H2 and PostgreSQL take it as a UTC {@code OffsetDateTime}. */
    void setTime(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }

    Instant getTime(ResultSet rows, int index) throws SQLException {
        OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Binds a due time, rounded up to the microsecond every dialect keeps, so that a timer never looks due before
     * its time.
     */
    final void setDue(PreparedStatement statement, int index, Instant at) throws SQLException {
        Instant micros = at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
        setTime(statement, index, micros == null || micros.equals(at) ? at : micros.plus(1, ChronoUnit.MICROS));
    }

    // --- migrations ---

    /** Runs {@code work} holding the lock that makes concurrent migrations of one schema wait for each other. */
    abstract <T> T migrationLock(Connection connection, Jdbc.Work<T> work) throws SQLException;

    String createVersionTable() {
        return "CREATE TABLE IF NOT EXISTS cr_schema_version (version INT NOT NULL PRIMARY KEY, "
                + "script VARCHAR(200) NOT NULL, installed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)";
    }

    final String insertVersion() {
        return "INSERT INTO cr_schema_version (version, script) VALUES (?, ?)";
    }

    static final String READ_VERSION = "SELECT COALESCE(MAX(version), 0) FROM cr_schema_version";

    // --- settings, carts, customers, popups, suppressions ---

    /** Inserts or replaces the row identified by the first {@code keyCount} of {@code columns}, all bound. */
    abstract String upsert(String table, int keyCount, String... columns);

    final String upsertSettings() {
        return upsert("cr_store_settings", 1, "store_id", "body");
    }

    final String selectSettings() {
        return "SELECT body FROM cr_store_settings WHERE store_id = ?";
    }

    /** Parameters: store, cart, body, abandonment due, picked until, picked by, customer, last activity. */
    final String upsertCart() {
        return upsert("cr_cart", 2, "store_id", "cart_id", "body", "abandonment_due_at", "picked_until", "picked_by",
                "customer_id", "last_activity_at");
    }

    /** Binds {@link #upsertCart}: the cart, its JSON body and its abandonment time, unpicked. */
    final void bindCart(PreparedStatement statement, Cart cart, String body, Instant abandonmentDueAt)
            throws SQLException {
        statement.setString(1, cart.storeId());
        statement.setString(2, cart.cartId());
        statement.setString(3, body);
        setDue(statement, 4, abandonmentDueAt);
        setDue(statement, 5, null);
        statement.setString(6, null);
        statement.setString(7, cart.customerId());
        setTime(statement, 8, cart.lastActivityAt());
    }

    final String selectCart() {
        return "SELECT body FROM cr_cart WHERE store_id = ? AND cart_id = ?";
    }

    final String selectAbandonmentDue() {
        return "SELECT abandonment_due_at FROM cr_cart WHERE store_id = ? AND cart_id = ?";
    }

    final String deleteCart() {
        return "DELETE FROM cr_cart WHERE store_id = ? AND cart_id = ?";
    }

    /** Parameters: store, customer, body, email key. */
    final String upsertCustomer() {
        return upsert("cr_customer", 2, "store_id", "customer_id", "body", "email_key");
    }

    final String selectCustomer() {
        return "SELECT body FROM cr_customer WHERE store_id = ? AND customer_id = ?";
    }

    /** Parameters: store, token, expires at, body, sequence. */
    final String upsertPopup() {
        return upsert("cr_popup", 2, "store_id", "storefront_token", "expires_at", "body", "sequence_id");
    }

    final String lockPopup() {
        return "SELECT body FROM cr_popup WHERE store_id = ? AND storefront_token = ? FOR UPDATE";
    }

    final String deletePopup() {
        return "DELETE FROM cr_popup WHERE store_id = ? AND storefront_token = ?";
    }

    /**
     * Parameters: store, kind, key, reason, time. A duplicate either changes nothing ({@link #ignoringDuplicates}) or
     * fails as a unique violation, which leaves the transaction usable.
     */
    final String insertSuppression() {
        return ignoringDuplicates(
                "INSERT INTO cr_suppression (store_id, kind, key_value, reason, suppressed_at) VALUES (?, ?, ?, ?, ?)");
    }

    final String selectSuppression() {
        return "SELECT 1 FROM cr_suppression WHERE store_id = ? AND kind = ? AND key_value = ?";
    }

    /** Parameters: store, key; like {@link #insertSuppression} on a duplicate. */
    final String insertEventKey() {
        return ignoringDuplicates("INSERT INTO cr_event_key (store_id, event_key) VALUES (?, ?)");
    }

    /**
     * The successful rows (version, script, type) of the Flyway history table {@code table}, found by its columns
     * ({@link FlywayHistory}): identifiers quoted with the driver's {@code quote} (a quote inside doubled), the
     * columns upper-case when {@code upper}. The one statement whose table name is not the library's own.
     */
    static String selectFlywayHistory(String table, String quote, boolean upper) {
        String q = quote == null ? "" : quote.strip();
        java.util.function.UnaryOperator<String> id = name -> q + (q.isEmpty() ? name : name.replace(q, q + q)) + q;
        java.util.function.UnaryOperator<String> column = name -> id.apply(upper
                ? name.toUpperCase(java.util.Locale.ROOT) : name);
        return "SELECT " + column.apply("version") + ", " + column.apply("script") + ", " + column.apply("type")
                + " FROM " + id.apply(table) + " WHERE " + column.apply("success") + " = TRUE";
    }

    // --- sequences and events ---

    /** Parameters: {@link SequenceRows#bindInsert}. */
    final String insertSequence() {
        return "INSERT INTO cr_sequence (" + SequenceRows.INSERT_COLUMNS + ") VALUES (" + marks(
                SequenceRows.INSERT_COLUMNS) + ")";
    }

    /** The compare-and-set; parameters: {@link SequenceRows#bindUpdate}. */
    final String updateSequence() {
        return "UPDATE cr_sequence SET " + assignments(SequenceRows.NEXT_COLUMNS) + ", picked_by = NULL "
                + "WHERE store_id = ? AND id = ? AND version = ?";
    }

    /** Parameters: {@link SequenceRows#bindEvent}. */
    final String insertEvent() {
        return "INSERT INTO cr_event (" + SequenceRows.EVENT_COLUMNS + ") VALUES (" + marks(SequenceRows.EVENT_COLUMNS)
                + ")";
    }

    final String selectSequence() {
        return "SELECT body FROM cr_sequence WHERE store_id = ? AND id = ?";
    }

    final String sequencesOfCart() {
        return "SELECT body FROM cr_sequence WHERE store_id = ? AND cart_id = ? ORDER BY created";
    }

    final String activeSequenceOfCustomer() {
        return "SELECT body FROM cr_sequence WHERE store_id = ? AND " + activeCustomer() + " = ? AND status = 'ACTIVE'";
    }

    /**
     * The column by which the one-active-sequence index finds a customer's active sequence: the generated
     * {@code active_customer_id} (H2 and MariaDB have no partial index; a query on {@code customer_id} would read
     * every sequence of the store).
     */
    @Override
    String activeCustomer() {
        return "active_customer_id";
    }

    /** A page of active sequences: store, then the id to start after if {@code after}. */
    final String activeSequences(boolean after, int limit) {
        return "SELECT body FROM cr_sequence WHERE store_id = ? AND status = 'ACTIVE'" + (after ? " AND id > ?" : "")
                + " ORDER BY id LIMIT " + limit;
    }

    /** Events of a period: store, from, to. */
    final String eventsOfPeriod() {
        return "SELECT body FROM cr_event WHERE store_id = ? AND occurred_at >= ? AND occurred_at < ? ORDER BY seq";
    }

    final String eventsOfSequence() {
        return "SELECT body FROM cr_event WHERE store_id = ? AND sequence_id = ? ORDER BY seq";
    }

    /** Opens and clicks of a customer: store, customer, from, to (PostgreSQL's partial index has these types). */
    final String engagement() {
        return "SELECT body FROM cr_event WHERE store_id = ? AND customer_id = ? "
                + "AND event_type IN ('MESSAGE_OPENED', 'MESSAGE_CLICKED') AND occurred_at >= ? AND occurred_at < ? "
                + "ORDER BY seq";
    }

    /**
     * Whether a new sequence and its events, or a compare-and-set and its events, go to the database as one
     * atomic statement ({@link PostgresSql}); otherwise as a transaction of several.
     */
    boolean writesWithEventsInOneStatement() {
        return false;
    }

    /**
     * Whether the compare-and-sets of concurrent threads are combined into one statement and one commit
     * ({@link Combiner}, {@link SequenceChanges}), and claims commit asynchronously ({@link PostgresSql}).
     */
    boolean combinesWrites() {
        return false;
    }

    /** {@link PostgresSql#updateWithEvents}, where {@link #writesWithEventsInOneStatement}. */
    String updateWithEvents(int events) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " writes events apart");
    }

    /** {@link PostgresSql#insertWithEvents}, where {@link #writesWithEventsInOneStatement}. */
    String insertWithEvents(int events) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " writes events apart");
    }

    /** {@link PostgresSql#changes}, where {@link #combinesWrites}. */
    String changes(int changeRows, int eventRows, boolean claims) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " combines no writes");
    }

    // --- step contexts ---

    static final String CONTEXT_COLUMNS = "SELECT s.store_id, s.id, s.body, c.body, cu.body, cu.email_key, "
            + "sp.key_value FROM ";
    static final String CONTEXT_JOINS = "LEFT JOIN cr_cart c ON c.store_id = s.store_id "
            + "AND c.cart_id = s.cart_id "
            + "LEFT JOIN cr_customer cu ON cu.store_id = s.store_id AND cu.customer_id = s.customer_id "
            + "LEFT JOIN cr_suppression sp ON sp.store_id = s.store_id AND sp.kind = 'EMAIL' "
            + "AND sp.key_value = cu.email_key ";

    /** A sequence with its cart, customer and email suppression: store, id. */
    final String stepContext() {
        return CONTEXT_COLUMNS + "cr_sequence s " + CONTEXT_JOINS + "WHERE s.store_id = ? AND s.id = ?";
    }

    /** {@link #stepContext} for {@code keys} sequences, bound as store and id of one after the other. */
    String stepContexts(int keys) {
        StringJoiner values = new StringJoiner(", ", "(VALUES ", ") AS k(store_id, id) ");
        for (int i = 0; i < keys; i++) {
            values.add("(CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)))");
        }
        return CONTEXT_COLUMNS + values + "JOIN cr_sequence s ON s.store_id = k.store_id AND s.id = k.id "
                + CONTEXT_JOINS;
    }

    // --- timers ---

    /**
     * Up to a limit of timers due (picked or not; a claimed step is due again when its lease ends): now, now,
     * limit for sequences; now, limit for carts.
     */
    final String dueTimers(Timers timers) {
        return timers == Timers.SEQUENCES
                ? "SELECT store_id, id, due_at FROM cr_sequence WHERE " + dueBy(timers) + " AND (picked_by IS NOT "
                + "NULL OR picked_until IS NULL OR picked_until <= ?) ORDER BY due_at, store_id, id LIMIT ?"
                : "SELECT store_id, cart_id, abandonment_due_at FROM cr_cart WHERE " + dueBy(timers)
                + " ORDER BY abandonment_due_at, store_id, cart_id LIMIT ?";
    }

    /** The keys of the rows due and not picked (parameters now, now, limit), earliest first. */
    final String duePicks(Timers timers, String suffix) {
        return "SELECT " + timers.keys() + " FROM " + timers.table + " WHERE " + dueBy(timers) + " AND "
                + "(picked_until IS NULL OR picked_until <= ?) ORDER BY " + timers.due + " LIMIT ?" + suffix;
    }

    /** The condition that a row of {@code timers} is due by the one parameter, as a range on its due index. */
    String dueBy(Timers timers) {
        return timers.due + " <= ?";
    }

    /**
     * Marks up to {@code limit} due rows that no live pick holds as picked by {@code node} until {@code until}, in
     * auto-commit mode, and hands each row's store id, id and due time to {@code reader}.
     */
    abstract void pick(Connection connection, Timers timers, Instant now, Instant until, String node, int limit,
                       RowReader reader) throws SQLException;

    /** {@link #pick} as one statement whose parameters are: until, node, now, now, limit. */
    final void pickWith(Connection connection, String sql, Instant now, Instant until, String node, int limit,
                        RowReader reader) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql)) {
            setTime(statement, 1, until);
            statement.setString(2, node);
            setTime(statement, 3, now);
            setTime(statement, 4, now);
            statement.setInt(5, limit);
            read(statement, reader);
        }
    }

    /** Gives a timer back: store, id, node. */
    final String release(Timers timers) {
        return "UPDATE " + timers.table + " SET picked_until = NULL, picked_by = NULL WHERE store_id = ? AND "
                + timers.id + " = ? AND picked_by = ?";
    }

    // --- helpers for the dialects ---

    static String marks(String columns) {
        return String.join(", ", Collections.nCopies(columns.split(", ").length, "?"));
    }

    static String assignments(String columns) {
        StringJoiner set = new StringJoiner(", ");
        for (String column : columns.split(", ")) {
            set.add(column + " = ?");
        }
        return set.toString();
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.TimerKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StepContext} in one query: the sequence joined with its cart, its customer and the suppression entry of
 * the customer's email address (through {@code cr_customer.email_key}). {@link JdbcScheduler} reads the contexts
 * of a whole pick in one query ({@link #prefetch}); a step then takes its context from there if it was read less
 * than {@link #MAX_PREFETCH_AGE} ago, and reads it again otherwise. The claim's compare-and-set still checks that
 * the sequence did not change since.
 */
final class StepContexts {
    /** How old a prefetched context may be when its step runs: the window in which a newer snapshot is missed. */
    static final Duration MAX_PREFETCH_AGE = Duration.ofSeconds(1);
    /** Most keys in one bulk read; bigger picks take several. */
    private static final int MAX_KEYS_PER_READ = 128;

    /** One row of the query, before the fallback for customers saved without an email key. */
    private record Found(StepContext context, String emailKey) {}

    private record Prefetched(StepContext context, Instant readAt) {}

    private final Jdbc jdbc;
    private final SqlDialect sql;
    private final String query;
    private final Json json;
    private final Clock clock;
    /** Asked only for a customer row written before schema version 4 (no email key yet). */
    private final JdbcSuppressions suppressions;
    private final ConcurrentHashMap<TimerKey, Prefetched> prefetched = new ConcurrentHashMap<>();
    /** The bulk query for each padded number of keys. */
    private final ConcurrentHashMap<Integer, String> bulkQueries = new ConcurrentHashMap<>();

    StepContexts(Jdbc jdbc, SqlDialect sql, Json json, Clock clock, JdbcSuppressions suppressions) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.query = sql.stepContext();
        this.json = json;
        this.clock = clock;
        this.suppressions = suppressions;
    }

    /** The context of a sequence: the prefetched one if it is fresh, else read now. */
    Optional<StepContext> read(String storeId, String sequenceId) {
        Prefetched early = prefetched.remove(TimerKey.sequence(storeId, sequenceId));
        if (early != null && !clock.instant().isAfter(early.readAt().plus(MAX_PREFETCH_AGE))) {
            return Optional.of(early.context());
        }
        Found found = jdbc.run("read a step's context", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, query, storeId, sequenceId);
                 ResultSet rows = statement.executeQuery()) {
                return rows.next() ? found(rows) : null;
            }
        });
        return found == null ? Optional.empty() : Optional.of(complete(found));
    }

    /**
     * Reads the contexts of the sequence timers among {@code keys} (a scheduler's pick) in one query per
     * {@value #MAX_KEYS_PER_READ} keys and keeps them for {@link #read}.
     */
    void prefetch(List<TimerKey> keys) {
        List<TimerKey> sequences = keys.stream().filter(key -> key.kind() == TimerKey.Kind.SEQUENCE).toList();
        for (int from = 0; from < sequences.size(); from += MAX_KEYS_PER_READ) {
            List<TimerKey> chunk = sequences.subList(from, Math.min(sequences.size(), from + MAX_KEYS_PER_READ));
            Instant readAt = clock.instant();
            for (Found found : readAll(chunk)) {
                StepContext context = complete(found);
                RecoverySequence sequence = context.sequence();
                prefetched.put(TimerKey.sequence(sequence.storeId(), sequence.id()), new Prefetched(context, readAt));
            }
        }
    }

    /** Drops what {@link #prefetch} kept for {@code key} and no step took (the step ended early or never ran). */
    void forget(TimerKey key) {
        prefetched.remove(key);
    }

    /**
     * One query for {@code keys}, their number padded to a power of two by repeating the last key, so that a few
     * statement shapes serve every pick size.
     */
    private List<Found> readAll(List<TimerKey> keys) {
        int padded = Integer.highestOneBit(keys.size() - 1) << 1;
        int size = Math.max(1, Math.min(padded, MAX_KEYS_PER_READ));
        String bulk = bulkQueries.computeIfAbsent(size, sql::stepContexts);
        return jdbc.run("read the contexts of picked steps", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, bulk)) {
                for (int i = 0; i < size; i++) {
                    TimerKey key = keys.get(Math.min(i, keys.size() - 1));
                    statement.setString(2 * i + 1, key.storeId());
                    statement.setString(2 * i + 2, key.id());
                }
                List<Found> found = new ArrayList<>(keys.size());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(found(rows));
                    }
                }
                return found;
            }
        });
    }

    private Found found(ResultSet rows) throws SQLException {
        RecoverySequence sequence = json.read(rows.getString(3), RecoverySequence.class);
        String cart = rows.getString(4);
        String customer = rows.getString(5);
        return new Found(new StepContext(sequence, cart == null ? null : json.read(cart, Cart.class),
                customer == null ? null : json.read(customer, Customer.class), rows.getString(7) != null),
                rows.getString(6));
    }

    private StepContext complete(Found found) {
        StepContext context = found.context();
        Customer customer = context.customer();
        if (customer != null && customer.hasEmail()) {
            SuppressionKey key = SuppressionKey.email(customer.email());
            if (!key.value().equals(found.emailKey())) {
                return new StepContext(context.sequence(), context.cart(), customer,
                        suppressions.contains(context.sequence().storeId(), key));
            }
        }
        return context;
    }

    /** The value of {@code cr_customer.email_key}: the suppression key of the address, or {@code null}. */
    static String emailKey(Customer customer) {
        return customer.hasEmail() ? SuppressionKey.email(customer.email()).value() : null;
    }
}

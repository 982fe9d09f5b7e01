package io.cartrecovery.core;

import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.internal.InMemoryRecoveryStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the engine keeps everything: store settings, cart and customer snapshots, sequences, the event log and
 * the suppression list. Every read and write is scoped by store id. Implementations are thread-safe, and
 * sequences are written only through {@link #insert} and {@link #compareAndSet}, which append their events in
 * the same atomic step so that the event log always agrees with the state (and in batches through
 * {@link #writeBatch}).
 */
public interface RecoveryStore {

    /** A thread-safe store in the heap; forgets everything when the process ends. */
    static RecoveryStore inMemory() {
        return new InMemoryRecoveryStore();
    }

    // --- settings ---

    void saveSettings(StoreSettings settings);

    Optional<StoreSettings> settings(String storeId);

    // --- cart and customer snapshots ---

    /**
     * Saves the cart; {@code abandonmentDueAt} is when it counts as abandoned if nothing else happens, or
     * {@code null} when it is not watched (anonymous, or a sequence already runs).
     */
    void saveCart(Cart cart, Instant abandonmentDueAt);

    Optional<Cart> cart(String storeId, String cartId);

    /** When the cart counts as abandoned, if it is watched. */
    Optional<Instant> abandonmentDueAt(String storeId, String cartId);

    /**
     * Removes the cart snapshot, for a host erasing a cart; its sequences and events stay, and a step of an active
     * sequence whose cart is gone is skipped.
     */
    void deleteCart(String storeId, String cartId);

    void saveCustomer(Customer customer);

    Optional<Customer> customer(String storeId, String customerId);

    // --- sequences ---

    /**
     * Stores a new sequence (version 1) and its events atomically.
     *
     * @throws ConflictException if the customer already has an active sequence in the store
     */
    void insert(RecoverySequence sequence, List<RecoveryEvent> events);

    /**
     * Replaces {@code current} by {@code next} if the stored version is still {@code current.version()}, and
     * appends {@code events} in the same atomic step.
     *
     * @return {@code false}, changing nothing, when another writer got there first
     */
    boolean compareAndSet(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events);

    Optional<RecoverySequence> sequence(String storeId, String sequenceId);

    /**
     * The sequence with its cart, customer and email suppression, as {@link StepContext}: what running a due step
     * reads. The default composes {@link #sequence}, {@link #cart}, {@link #customer} and {@link #isSuppressed};
     * an adapter may answer it in one round trip.
     */
    default Optional<StepContext> stepContext(String storeId, String sequenceId) {
        return sequence(storeId, sequenceId).map(sequence -> {
            Cart cart = cart(storeId, sequence.cartId()).orElse(null);
            Customer customer = customer(storeId, sequence.customerId()).orElse(null);
            boolean suppressed = customer != null && customer.hasEmail()
                    && isSuppressed(storeId, SuppressionKey.email(customer.email()));
            return new StepContext(sequence, cart, customer, suppressed);
        });
    }

    /** Every sequence the cart ever had, oldest first. */
    List<RecoverySequence> sequencesOfCart(String storeId, String cartId);

    /** The customer's active sequence, if any (there is at most one). */
    Optional<RecoverySequence> activeSequenceOfCustomer(String storeId, String customerId);

    /** Active sequences of one store ordered by id, a page at a time. */
    Page<RecoverySequence> activeSequences(String storeId, PageRequest page);

    /**
     * Timers due at or before {@code now}: active sequences and watched carts, earliest first (ties in a stable
     * order), at most {@code limit}. This is the one record of due work that every scheduler reads.
     */
    List<DueTimer> dueTimers(Instant now, int limit);

    /**
     * The scheduler an engine on this store gets when the host names none. The default polls {@link #dueTimers}
     * ({@link Scheduler#realTime}); a durable store that several nodes share returns its own, which spreads the
     * work between them.
     */
    default Scheduler defaultScheduler(Clock clock) {
        return Scheduler.realTime(clock, RecoveryEngine.Builder.DEFAULT_WORKERS);
    }

    // --- batches ---

    /**
     * What a batch of store events of one store needs, at once: the carts with their sequences, and the customers
     * with their active sequences and opt-outs. The default composes the single-item reads; an adapter should
     * answer in a number of round trips that does not grow with the batch.
     */
    default BatchState readBatch(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        Map<String, Cart> carts = new HashMap<>();
        Set<String> watched = new HashSet<>();
        Map<String, List<RecoverySequence>> sequences = new HashMap<>();
        for (String cartId : new HashSet<>(cartIds)) {
            cart(storeId, cartId).ifPresent(cart -> carts.put(cartId, cart));
            abandonmentDueAt(storeId, cartId).ifPresent(due -> watched.add(cartId));
            List<RecoverySequence> ofCart = sequencesOfCart(storeId, cartId);
            if (!ofCart.isEmpty()) {
                sequences.put(cartId, ofCart);
            }
        }
        Map<String, Customer> customers = new HashMap<>();
        Map<String, RecoverySequence> active = new HashMap<>();
        Set<String> optedOut = new HashSet<>();
        for (String customerId : new HashSet<>(customerIds)) {
            customer(storeId, customerId).ifPresent(customer -> customers.put(customerId, customer));
            activeSequenceOfCustomer(storeId, customerId).ifPresent(sequence -> active.put(customerId, sequence));
            if (isSuppressed(storeId, SuppressionKey.customer(customerId))) {
                optedOut.add(customerId);
            }
        }
        return new BatchState(carts, watched, customers, sequences, active, optedOut);
    }

    /**
     * Writes a batch: all of it, or, when another writer interfered (a compare-and-set finds another version, a
     * new sequence's id exists or its customer got an active sequence meanwhile), nothing.
     *
     * <p>The default applies the items one by one with the single-item methods, in the order of
     * {@link BatchWrite}, and stops at the first interference: it is not atomic (what was written before stays).
     * The engine tolerates that, since it re-reads and plans again, but adapters should override it atomically.
     *
     * @return {@code false} when another writer interfered
     */
    default boolean writeBatch(BatchWrite write) {
        write.customers().forEach(this::saveCustomer);
        write.carts().forEach(cart -> saveCart(cart, null));
        for (BatchWrite.Change change : write.changes()) {
            if (!compareAndSet(change.current(), change.next(), change.events())) {
                return false;
            }
        }
        for (BatchWrite.Start start : write.starts()) {
            try {
                insert(start.sequence(), start.events());
            } catch (ConflictException interfered) {
                return false;
            }
        }
        if (!write.appended().isEmpty()) {
            append(write.appended());
        }
        return true;
    }

    /** The ids among {@code sequenceIds} of the sequences that have an event of {@code type}. */
    default Set<String> sequencesWithEvent(String storeId, Collection<String> sequenceIds, EventType type) {
        Set<String> found = new HashSet<>();
        for (String sequenceId : new HashSet<>(sequenceIds)) {
            if (eventsOfSequence(storeId, sequenceId).stream().anyMatch(event -> event.type() == type)) {
                found.add(sequenceId);
            }
        }
        return found;
    }

    // --- events ---

    /** Appends events that change no sequence (engagement, opt-outs). */
    void append(List<RecoveryEvent> events);

    /**
     * Appends {@code event} unless an event with the same {@code key} was appended to the store before: at most
     * one event per key, whatever the concurrency (an open per message, a click per message and link).
     *
     * @param key at most {@value #MAX_EVENT_KEY_LENGTH} characters
     * @return whether the event was appended
     */
    boolean appendOnce(RecoveryEvent event, String key);

    /** Longest key of {@link #appendOnce}. */
    int MAX_EVENT_KEY_LENGTH = 200;

    /** The store's events with {@code from <= at < to}, in the order they were appended. */
    List<RecoveryEvent> events(String storeId, Instant from, Instant to);

    /**
     * The customer's opens and clicks ({@code MESSAGE_OPENED}, {@code MESSAGE_CLICKED}) with {@code from <= at < to},
     * oldest first: the engagement history that picks the best send hour. The default filters
     * {@link #events}; adapters should answer from an index.
     */
    default List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return events(storeId, from, to).stream()
                .filter(e -> (e.type() == EventType.MESSAGE_OPENED || e.type() == EventType.MESSAGE_CLICKED)
                        && customerId.equals(e.customerId()))
                .toList();
    }

    /**
     * The analytics report of {@code settings}' store (its attribution window, experiments and popup steps) over
     * the events with {@code from <= at < to}. The default computes it with {@link AnalyticsCalculator} in one
     * pass over {@link #events}; an adapter may answer in SQL but must agree.
     */
    default AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        return AnalyticsCalculator.report(settings, from, to, events(settings.storeId(), from, to));
    }

    /** Every event of one sequence, in order. */
    List<RecoveryEvent> eventsOfSequence(String storeId, String sequenceId);

    // --- on-site popups ---

    /** Stores a popup for its storefront token, replacing one already waiting there. */
    void savePopup(PendingPopup popup);

    /** Removes and returns the popup waiting for {@code storefrontToken}, unless it expired before {@code now}. */
    Optional<PendingPopup> takePopup(String storeId, String storefrontToken, Instant now);

    // --- suppression ---

    /**
     * Adds {@code key} to the store's suppression list; adding it again changes nothing.
     *
     * @return whether this call added it (of concurrent calls, exactly one does)
     */
    boolean suppress(String storeId, SuppressionKey key, String reason, Instant at);

    boolean isSuppressed(String storeId, SuppressionKey key);
}

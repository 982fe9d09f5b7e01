package io.cartrecovery.core.internal;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.analytics.AnalyticsReport;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's view of the host's store when listeners are registered: every write is the store's own, and once
 * it returned (committed) its events go to the {@link Listeners}. Every other call goes straight through, so the
 * store's own fast paths (one-query step contexts, batched claims) stay in use. Without listeners the engine
 * uses the store itself.
 */
final class ListeningStore implements RecoveryStore {
    private final RecoveryStore store;
    private final Listeners listeners;

    ListeningStore(RecoveryStore store, Listeners listeners) {
        this.store = store;
        this.listeners = listeners;
    }

    // --- writes that commit events ---

    @Override
    public void insert(RecoverySequence sequence, List<RecoveryEvent> events) {
        store.insert(sequence, events);
        listeners.committed(events, sequence);
    }

    @Override
    public boolean compareAndSet(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {
        boolean written = store.compareAndSet(current, next, events);
        if (written) {
            listeners.committed(events, next);
        }
        return written;
    }

    @Override
    public boolean writeBatch(BatchWrite write) {
        boolean written = store.writeBatch(write);
        if (written) {
            write.changes().forEach(change -> listeners.committed(change.events(), change.next()));
            write.starts().forEach(start -> listeners.committed(start.events(), start.sequence()));
            listeners.committed(write.appended(), null);
        }
        return written;
    }

    @Override
    public void append(List<RecoveryEvent> events) {
        store.append(events);
        listeners.committed(events, null);
    }

    @Override
    public boolean appendOnce(RecoveryEvent event, String key) {
        boolean appended = store.appendOnce(event, key);
        if (appended) {
            listeners.committed(List.of(event), null);
        }
        return appended;
    }

    // --- everything else, straight through ---

    @Override
    public Claim claimReceipt(String storeId, String key, Instant now, Instant holdUntil) {
        return store.claimReceipt(storeId, key, now, holdUntil);
    }

    @Override
    public void completeReceipt(String storeId, String key, Instant at) {
        store.completeReceipt(storeId, key, at);
    }

    @Override
    public void releaseReceipt(String storeId, String key, Instant holdUntil) {
        store.releaseReceipt(storeId, key, holdUntil);
    }

    @Override
    public int purgeReceipts(Instant before, int limit) {
        return store.purgeReceipts(before, limit);
    }

    @Override
    public boolean claim(RecoverySequence current, RecoverySequence claimed) {
        return store.claim(current, claimed);
    }

    @Override
    public void saveSettings(StoreSettings settings) {
        store.saveSettings(settings);
    }

    @Override
    public Optional<StoreSettings> settings(String storeId) {
        return store.settings(storeId);
    }

    @Override
    public void saveCart(Cart cart, Instant abandonmentDueAt) {
        store.saveCart(cart, abandonmentDueAt);
    }

    @Override
    public Optional<Cart> cart(String storeId, String cartId) {
        return store.cart(storeId, cartId);
    }

    @Override
    public Optional<Instant> abandonmentDueAt(String storeId, String cartId) {
        return store.abandonmentDueAt(storeId, cartId);
    }

    @Override
    public void deleteCart(String storeId, String cartId) {
        store.deleteCart(storeId, cartId);
    }

    @Override
    public void saveCustomer(Customer customer) {
        store.saveCustomer(customer);
    }

    @Override
    public Optional<Customer> customer(String storeId, String customerId) {
        return store.customer(storeId, customerId);
    }

    @Override
    public Optional<RecoverySequence> sequence(String storeId, String sequenceId) {
        return store.sequence(storeId, sequenceId);
    }

    @Override
    public List<RecoverySequence> sequencesOfCart(String storeId, String cartId) {
        return store.sequencesOfCart(storeId, cartId);
    }

    @Override
    public Optional<RecoverySequence> activeSequenceOfCustomer(String storeId, String customerId) {
        return store.activeSequenceOfCustomer(storeId, customerId);
    }

    @Override
    public Page<RecoverySequence> activeSequences(String storeId, PageRequest page) {
        return store.activeSequences(storeId, page);
    }

    @Override
    public List<DueTimer> dueTimers(Instant now, int limit) {
        return store.dueTimers(now, limit);
    }

    @Override
    public Scheduler defaultScheduler(Clock clock) {
        return store.defaultScheduler(clock);
    }

    @Override
    public Optional<StepContext> stepContext(String storeId, String sequenceId) {
        return store.stepContext(storeId, sequenceId);
    }

    @Override
    public BatchState readBatch(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        return store.readBatch(storeId, cartIds, customerIds);
    }

    @Override
    public Set<String> sequencesWithEvent(String storeId, Collection<String> sequenceIds, EventType type) {
        return store.sequencesWithEvent(storeId, sequenceIds, type);
    }

    @Override
    public List<RecoveryEvent> events(String storeId, Instant from, Instant to) {
        return store.events(storeId, from, to);
    }

    @Override
    public List<RecoveryEvent> eventsOfSequence(String storeId, String sequenceId) {
        return store.eventsOfSequence(storeId, sequenceId);
    }

    @Override
    public List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return store.engagement(storeId, customerId, from, to);
    }

    @Override
    public List<RecoveryEvent> latestEvents(String storeId, EventType type, Instant before, int limit) {
        return store.latestEvents(storeId, type, before, limit);
    }

    @Override
    public AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        return store.analytics(settings, from, to);
    }

    @Override
    public void savePopup(PendingPopup popup) {
        store.savePopup(popup);
    }

    @Override
    public Optional<PendingPopup> takePopup(String storeId, String storefrontToken, Instant now) {
        return store.takePopup(storeId, storefrontToken, now);
    }

    @Override
    public boolean suppress(String storeId, SuppressionKey key, String reason, Instant at) {
        return store.suppress(storeId, key, reason, at);
    }

    @Override
    public boolean isSuppressed(String storeId, SuppressionKey key) {
        return store.isSuppressed(storeId, key);
    }

    @Override
    public boolean eraseCustomer(String storeId, String customerId, Instant at) {
        return store.eraseCustomer(storeId, customerId, at);
    }

    @Override
    public void eraseStore(String storeId) {
        store.eraseStore(storeId);
    }

    @Override
    public CustomerExport exportCustomer(String storeId, String customerId) {
        return store.exportCustomer(storeId, customerId);
    }

    @Override
    public int purgeExpired(String storeId, Instant cutoff, Instant now, int limit) {
        return store.purgeExpired(storeId, cutoff, now, limit);
    }
}

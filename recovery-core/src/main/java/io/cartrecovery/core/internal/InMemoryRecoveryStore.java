package io.cartrecovery.core.internal;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.ConflictException;
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
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.TimerKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap store: one partition per store id, each guarded by its own monitor, so stores never contend and
 * never see each other's data.
 */
public final class InMemoryRecoveryStore implements RecoveryStore {
    private final ConcurrentHashMap<String, Partition> partitions = new ConcurrentHashMap<>();
    private final InMemoryReceipts receipts = new InMemoryReceipts();

    /** One store's data; every access holds its monitor. */
    static final class Partition {
        StoreSettings settings;
        final Map<String, Cart> carts = new HashMap<>();
        final Map<String, Instant> abandonmentDue = new HashMap<>();
        final Map<String, Customer> customers = new HashMap<>();
        final Map<String, RecoverySequence> sequences = new HashMap<>();
        final Map<String, Object> sequencesByCart = new HashMap<>(); // a String id, or a List<String> of ids
        final Map<String, RecoverySequence> activeByCustomer = new HashMap<>();
        final TreeMap<String, RecoverySequence> active = new TreeMap<>();
        final List<RecoveryEvent> events = new ArrayList<>();
        final Map<String, List<RecoveryEvent>> engagementByCustomer = new HashMap<>(); // opens and clicks
        final Set<SuppressionKey> suppressed = new HashSet<>();
        final Set<String> eventKeys = new HashSet<>();
        final Map<String, PendingPopup> popups = new HashMap<>();
        /** Every timer of the store: active sequences at their due time and watched carts. */
        final TreeSet<DueTimer> due = new TreeSet<>(DUE_ORDER);
    }

    private static final Comparator<DueTimer> DUE_ORDER = Comparator.comparing(DueTimer::dueAt)
            .thenComparing(timer -> timer.key().kind())
            .thenComparing(timer -> timer.key().id());

    private Partition partition(String storeId) {
        return partitions.computeIfAbsent(requireStoreId(storeId), id -> new Partition());
    }

    private Optional<Partition> existing(String storeId) {
        return Optional.ofNullable(partitions.get(requireStoreId(storeId)));
    }

    private static String requireStoreId(String storeId) {
        if (storeId == null) {
            throw new IllegalArgumentException("storeId must not be null");
        }
        return storeId;
    }

    @Override
    public void saveSettings(StoreSettings settings) {
        Partition p = partition(settings.storeId());
        synchronized (p) {
            p.settings = settings;
        }
    }

    @Override
    public Optional<StoreSettings> settings(String storeId) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return p.settings;
            }
        });
    }

    @Override
    public void saveCart(Cart cart, Instant abandonmentDueAt) {
        Partition p = partition(cart.storeId());
        synchronized (p) {
            p.carts.put(cart.cartId(), cart);
            watch(p, cart.storeId(), cart.cartId(), abandonmentDueAt);
        }
    }

    @Override
    public Optional<Cart> cart(String storeId, String cartId) {
        return read(storeId, p -> p.carts.get(cartId));
    }

    @Override
    public Optional<Instant> abandonmentDueAt(String storeId, String cartId) {
        return read(storeId, p -> p.abandonmentDue.get(cartId));
    }

    @Override
    public void deleteCart(String storeId, String cartId) {
        existing(storeId).ifPresent(p -> {
            synchronized (p) {
                p.carts.remove(cartId);
                watch(p, storeId, cartId, null);
            }
        });
    }

    @Override
    public void saveCustomer(Customer customer) {
        Partition p = partition(customer.storeId());
        synchronized (p) {
            p.customers.put(customer.customerId(), customer);
        }
    }

    @Override
    public Optional<Customer> customer(String storeId, String customerId) {
        return read(storeId, p -> p.customers.get(customerId));
    }

    @Override
    public void insert(RecoverySequence sequence, List<RecoveryEvent> events) {
        if (sequence.version() != 1) {
            throw new IllegalArgumentException("a new sequence must have version 1");
        }
        requireStore(sequence.storeId(), events);
        Partition p = partition(sequence.storeId());
        synchronized (p) {
            if (p.sequences.containsKey(sequence.id())) {
                throw new ConflictException("sequence " + sequence.id() + " already exists");
            }
            if (sequence.isActive() && p.activeByCustomer.containsKey(sequence.customerId())) {
                throw new ConflictException("customer already has an active sequence in store " + sequence.storeId());
            }
            p.sequences.put(sequence.id(), sequence);
            indexByCart(p, sequence);
            index(p, sequence);
            appendAll(p, events);
        }
    }

    @Override
    public boolean compareAndSet(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {
        if (!current.id().equals(next.id()) || !current.storeId().equals(next.storeId())) {
            throw new IllegalArgumentException("next must be the same sequence as current");
        }
        requireStore(current.storeId(), events);
        Partition p = partition(current.storeId());
        synchronized (p) {
            RecoverySequence stored = p.sequences.get(current.id());
            if (stored == null || stored.version() != current.version()) {
                return false;
            }
            if (next.isActive() && !stored.isActive()) {
                throw new IllegalArgumentException("a terminal sequence cannot become active again");
            }
            p.sequences.put(next.id(), next);
            unindex(p, stored);
            index(p, next);
            appendAll(p, events);
            return true;
        }
    }

    @Override
    public Optional<RecoverySequence> sequence(String storeId, String sequenceId) {
        return read(storeId, p -> p.sequences.get(sequenceId));
    }

    @Override
    public List<RecoverySequence> sequencesOfCart(String storeId, String cartId) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return sequencesOfCart(p, cartId);
            }
        }).orElse(List.of());
    }

    static List<RecoverySequence> sequencesOfCart(Partition p, String cartId) {
        return sequencesOfCartIds(p, cartId).stream().map(p.sequences::get).toList();
    }

    /** The ids of the cart's sequences, oldest first. */
    @SuppressWarnings("unchecked")
    static List<String> sequencesOfCartIds(Partition p, String cartId) {
        Object ids = p.sequencesByCart.get(cartId);
        if (ids == null) {
            return List.of();
        }
        return ids instanceof String id ? List.of(id) : List.copyOf((List<String>) ids);
    }

    @Override
    public Optional<RecoverySequence> activeSequenceOfCustomer(String storeId, String customerId) {
        return read(storeId, p -> p.activeByCustomer.get(customerId));
    }

    @Override
    public Page<RecoverySequence> activeSequences(String storeId, PageRequest page) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                var view = page.after() == null ? p.active : p.active.tailMap(page.after(), false);
                List<RecoverySequence> items = new ArrayList<>(Math.min(page.limit(), view.size()));
                for (RecoverySequence sequence : view.values()) {
                    if (items.size() == page.limit()) {
                        break;
                    }
                    items.add(sequence);
                }
                boolean more = view.size() > items.size();
                return new Page<>(items, more ? items.get(items.size() - 1).id() : null);
            }
        }).orElse(new Page<>(List.of(), null));
    }

    /** The earliest timers of every store's due index, merged. */
    @Override
    public List<DueTimer> dueTimers(Instant now, int limit) {
        if (now == null) {
            throw new IllegalArgumentException("now must not be null");
        }
        List<DueTimer> due = new ArrayList<>();
        for (Partition p : partitions.values()) {
            synchronized (p) {
                int taken = 0;
                for (DueTimer timer : p.due) {
                    if (taken++ == limit || timer.dueAt().isAfter(now)) {
                        break;
                    }
                    due.add(timer);
                }
            }
        }
        if (partitions.size() > 1) {
            due.sort(DUE_ORDER.thenComparing(timer -> timer.key().storeId()));
        }
        return due.size() <= limit ? due : List.copyOf(due.subList(0, limit));
    }

    /** Read under the store's lock: one consistent view. */
    @Override
    public BatchState readBatch(String storeId, Collection<String> cartIds, Collection<String> customerIds) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return InMemoryBatches.read(p, cartIds, customerIds);
            }
        }).orElseGet(() -> InMemoryBatches.read(new Partition(), cartIds, customerIds));
    }

    /** Atomic under the store's lock: every compare-and-set and insert is checked before anything changes. */
    @Override
    public boolean writeBatch(BatchWrite write) {
        Partition p = partition(write.storeId());
        synchronized (p) {
            return InMemoryBatches.write(p, write);
        }
    }

    /** One pass over the store's events. */
    @Override
    public Set<String> sequencesWithEvent(String storeId, Collection<String> sequenceIds, EventType type) {
        Set<String> wanted = new HashSet<>(sequenceIds);
        return existing(storeId).map(p -> {
            synchronized (p) {
                Set<String> found = new HashSet<>();
                for (RecoveryEvent event : p.events) {
                    if (event.type() == type && wanted.contains(event.sequenceId())) {
                        found.add(event.sequenceId());
                    }
                }
                return found;
            }
        }).orElse(Set.of());
    }

    @Override
    public void append(List<RecoveryEvent> events) {
        for (RecoveryEvent event : events) {
            Partition p = partition(event.storeId());
            synchronized (p) {
                p.events.add(event);
                indexEngagement(p, event);
            }
        }
    }

    @Override
    public boolean appendOnce(RecoveryEvent event, String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_EVENT_KEY_LENGTH) {
            throw new IllegalArgumentException("key must be 1 to " + MAX_EVENT_KEY_LENGTH + " characters");
        }
        Partition p = partition(event.storeId());
        synchronized (p) {
            if (!p.eventKeys.add(key)) {
                return false;
            }
            p.events.add(event);
            indexEngagement(p, event);
            return true;
        }
    }

    @Override
    public List<RecoveryEvent> events(String storeId, Instant from, Instant to) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                List<RecoveryEvent> found = new ArrayList<>();
                for (RecoveryEvent event : p.events) {
                    if (!event.at().isBefore(from) && event.at().isBefore(to)) {
                        found.add(event);
                    }
                }
                return found;
            }
        }).orElse(List.of());
    }

    @Override
    public List<RecoveryEvent> eventsOfSequence(String storeId, String sequenceId) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return p.events.stream().filter(event -> sequenceId.equals(event.sequenceId())).toList();
            }
        }).orElse(List.of());
    }

    @Override
    public void savePopup(PendingPopup popup) {
        Partition p = partition(popup.storeId());
        synchronized (p) {
            p.popups.put(popup.storefrontToken(), popup);
        }
    }

    @Override
    public Optional<PendingPopup> takePopup(String storeId, String storefrontToken, Instant now) {
        return read(storeId, p -> {
            PendingPopup popup = p.popups.remove(storefrontToken);
            return popup == null || popup.expiresAt().isBefore(now) ? null : popup;
        });
    }

    @Override
    public boolean suppress(String storeId, SuppressionKey key, String reason, Instant at) {
        Partition p = partition(storeId);
        synchronized (p) {
            return p.suppressed.add(key);
        }
    }

    @Override
    public boolean isSuppressed(String storeId, SuppressionKey key) {
        return read(storeId, p -> p.suppressed.contains(key) ? Boolean.TRUE : null).isPresent();
    }

    @Override
    public boolean eraseCustomer(String storeId, String customerId, Instant at) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return InMemoryPrivacy.eraseCustomer(p, storeId, customerId);
            }
        }).orElse(false);
    }

    /** Drops the store's partition; a write racing this one may land in the dropped partition and be lost. */
    @Override
    public void eraseStore(String storeId) {
        partitions.remove(requireStoreId(storeId));
        receipts.forget(storeId);
    }

    @Override
    public CustomerExport exportCustomer(String storeId, String customerId) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return InMemoryPrivacy.export(p, storeId, customerId);
            }
        }).orElseGet(() -> InMemoryPrivacy.export(new Partition(), storeId, customerId));
    }

    @Override
    public int purgeExpired(String storeId, Instant cutoff, Instant now, int limit) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return InMemoryPrivacy.purge(p, cutoff, now, limit);
            }
        }).orElse(0);
    }

    private <T> Optional<T> read(String storeId, java.util.function.Function<Partition, T> reader) {
        return existing(storeId).map(p -> {
            synchronized (p) {
                return reader.apply(p);
            }
        });
    }

    /** Checked before anything changes, so that a bad event list leaves the store as it was. */
    private static void requireStore(String storeId, List<RecoveryEvent> events) {
        for (RecoveryEvent event : events) {
            if (!event.storeId().equals(storeId)) {
                throw new IllegalArgumentException("event of store " + event.storeId() + " in store " + storeId);
            }
        }
    }

    static void appendAll(Partition p, List<RecoveryEvent> events) {
        p.events.addAll(events);
        events.forEach(event -> indexEngagement(p, event));
    }

    private static void indexEngagement(Partition p, RecoveryEvent event) {
        if ((event.type() == EventType.MESSAGE_OPENED || event.type() == EventType.MESSAGE_CLICKED)
                && event.customerId() != null) {
            p.engagementByCustomer.computeIfAbsent(event.customerId(), k -> new ArrayList<>()).add(event);
        }
    }

    @Override
    public List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return read(storeId, p -> p.engagementByCustomer.getOrDefault(customerId, List.of()).stream()
                .filter(event -> !event.at().isBefore(from) && event.at().isBefore(to))
                .toList()).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    static void indexByCart(Partition p, RecoverySequence sequence) {
        Object ids = p.sequencesByCart.get(sequence.cartId());
        if (ids == null) {
            p.sequencesByCart.put(sequence.cartId(), sequence.id());
        } else if (ids instanceof String single) {
            List<String> list = new ArrayList<>(2);
            list.add(single);
            list.add(sequence.id());
            p.sequencesByCart.put(sequence.cartId(), list);
        } else {
            ((List<String>) ids).add(sequence.id());
        }
    }

    static void index(Partition p, RecoverySequence sequence) {
        if (sequence.isActive()) {
            p.active.put(sequence.id(), sequence);
            p.activeByCustomer.put(sequence.customerId(), sequence);
            p.due.add(timer(sequence));
        }
    }

    static void unindex(Partition p, RecoverySequence sequence) {
        if (sequence.isActive()) {
            p.active.remove(sequence.id());
            p.activeByCustomer.remove(sequence.customerId(), sequence);
            p.due.remove(timer(sequence));
        }
    }

    private static DueTimer timer(RecoverySequence sequence) {
        return new DueTimer(TimerKey.sequence(sequence.storeId(), sequence.id()), sequence.dueAt());
    }

    /** Sets (or, with {@code null}, clears) when the cart counts as abandoned, in the map and the due index. */
    static void watch(Partition p, String storeId, String cartId, Instant abandonmentDueAt) {
        Instant previous = abandonmentDueAt == null ? p.abandonmentDue.remove(cartId)
                : p.abandonmentDue.put(cartId, abandonmentDueAt);
        if (previous != null) {
            p.due.remove(new DueTimer(TimerKey.cart(storeId, cartId), previous));
        }
        if (abandonmentDueAt != null) {
            p.due.add(new DueTimer(TimerKey.cart(storeId, cartId), abandonmentDueAt));
        }
    }

    @Override
    public Claim claimReceipt(String storeId, String key, Instant now, Instant holdUntil) {
        return receipts.claim(requireStoreId(storeId), key, now, holdUntil);
    }

    @Override
    public void completeReceipt(String storeId, String key, Instant at) {
        receipts.complete(requireStoreId(storeId), key, at);
    }

    @Override
    public void releaseReceipt(String storeId, String key, Instant holdUntil) {
        receipts.release(requireStoreId(storeId), key, holdUntil);
    }

    @Override
    public int purgeReceipts(Instant before, int limit) {
        return receipts.purge(before, limit);
    }
}

package io.cartrecovery.core.internal;

import io.cartrecovery.core.Abandonment;
import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.NotFoundException;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The batch entry points: per store, one {@link RecoveryStore#readBatch}, a plan made in memory with the single
 * path's rules ({@link Starts}, {@link Purchases}), and one atomic {@link RecoveryStore#writeBatch}.
 *
 * <p>Rounds: an item whose customer (or cart, or sequence) an earlier item of the same round already touches
 * waits for the next round, which reads again, so that items of one customer apply in input order exactly as
 * single calls would. A batch of distinct customers takes one round.
 *
 * <p>Interference: when the write reports that a concurrent writer got there first, nothing was written; the
 * round is read and planned again, at most {@value #MAX_TRIES} times, then a {@link ConflictException} is thrown
 * (the rounds already written stay, and repeating the call is safe: it is idempotent).
 */
final class Batches {
    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
    private static final int MAX_TRIES = 10;

    private final RecoveryStore store;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Starts starts;

    Batches(RecoveryStore store, Scheduler scheduler, Clock clock, Starts starts) {
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        this.starts = starts;
    }

    /** One round's writes, their results, and the items left for the next round. */
    private static final class Plan {
        final List<Customer> customers = new ArrayList<>();
        final List<Cart> carts = new ArrayList<>();
        final List<BatchWrite.Change> changes = new ArrayList<>();
        final List<BatchWrite.Start> starts = new ArrayList<>();
        final List<RecoveryEvent> appended = new ArrayList<>();
        final Set<String> touched = new HashSet<>();
        final List<Integer> deferred = new ArrayList<>();
        final Map<Integer, RecoverySequence> results = new HashMap<>();

        /**
         * Marks the keys (null ones ignored) as touched in this round; {@code false} when one already was, so the
         * item waits. Its keys are marked either way: a later item sharing one must wait behind it.
         */
        boolean touch(String... keys) {
            Set<String> own = new HashSet<>(Arrays.asList(keys));
            own.remove(null);
            boolean free = own.stream().noneMatch(touched::contains);
            touched.addAll(own);
            return free;
        }

        void stop(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {
            changes.add(new BatchWrite.Change(current, next, events));
        }

        BatchWrite write(String storeId) {
            return new BatchWrite(storeId, customers, carts, changes, starts, appended);
        }
    }

    /** The round of {@code items} (indexes into the batch) of one store: reads, plans with {@code planner}, writes. */
    @FunctionalInterface
    private interface Planner {
        Plan plan(BatchState state, List<Integer> items);
    }

    // --- abandoned carts ---

    List<RecoverySequence> abandoned(List<Abandonment> abandonments) {
        if (abandonments == null) {
            throw new IllegalArgumentException("abandonments must not be null");
        }
        Instant now = clock.instant();
        Map<String, StoreSettings> settings = new HashMap<>();
        Set<List<String>> carts = new HashSet<>();
        for (int i = 0; i < abandonments.size(); i++) {
            Abandonment item = abandonments.get(i);
            String field = "abandonments[" + i + "]";
            if (item == null) {
                throw new IllegalArgumentException(field + " must not be null");
            }
            settings(settings, item.cart().storeId(), field + ".cart.storeId");
            EventChecks.abandonedAt(item.abandonedAt(), field + ".abandonedAt", clock);
            if (!carts.add(List.of(item.cart().storeId(), item.cart().cartId()))) {
                throw new IllegalArgumentException(field + ".cart repeats the cart of an earlier item");
            }
        }
        RecoverySequence[] results = new RecoverySequence[abandonments.size()];
        byStore(abandonments, item -> item.cart().storeId()).forEach((storeId, items) -> {
            StoreSettings storeSettings = settings.get(storeId);
            run(storeId, items, results,
                    round -> round.stream().map(i -> abandonments.get(i).cart().cartId()).toList(),
                    round -> customerIds(abandonments, round),
                    (state, round) -> planAbandonments(storeId, storeSettings, abandonments, state, round, now));
        });
        return Arrays.stream(results).filter(Objects::nonNull).toList();
    }

    private Plan planAbandonments(String storeId, StoreSettings settings, List<Abandonment> abandonments,
                                  BatchState state, List<Integer> round, Instant now) {
        Plan plan = new Plan();
        Set<String> asked = new HashSet<>(customerIds(abandonments, round));
        for (int i : round) {
            Abandonment item = abandonments.get(i);
            Cart stored = state.carts().get(item.cart().cartId());
            boolean outdated = stored != null && stored.lastActivityAt().isAfter(item.cart().lastActivityAt());
            Cart cart = outdated ? stored : item.cart(); // an older update is ignored, as cartUpdated does
            String customerId = cart.customerId();
            RecoverySequence running = Starts.running(state.sequencesOf(cart.cartId()), cart).orElse(null);
            CustomerView view = customerView(storeId, state, asked, customerId);
            if (!plan.touch("cart:" + cart.cartId(), customerId == null ? null : "customer:" + customerId,
                    running == null ? null : "sequence:" + running.id(),
                    view.active == null ? null : "sequence:" + view.active.id())) {
                plan.deferred.add(i);
                continue;
            }
            if (!outdated && item.customer() != null) {
                plan.customers.add(item.customer());
            }
            if (!outdated || state.watchedCarts().contains(cart.cartId())) {
                plan.carts.add(cart);
            }
            if (running != null) {
                plan.results.put(i, running);
                continue;
            }
            Customer customer = !outdated && item.customer() != null ? item.customer() : view.customer;
            if (customer == null || view.optedOut) {
                continue;
            }
            BatchWrite.Start start = starts.create(cart, customer, settings, item.abandonedAt(), now);
            if (view.active != null) {
                RecoverySequence superseded = view.active.stop(StopReason.SUPERSEDED, now);
                plan.stop(view.active, superseded, List.of(RecoveryEvent.sequenceStopped(superseded, now)));
            }
            plan.starts.add(start);
            plan.results.put(i, start.sequence());
        }
        return plan;
    }

    private static List<String> customerIds(List<Abandonment> abandonments, List<Integer> round) {
        return round.stream().map(i -> abandonments.get(i).cart().customerId()).filter(Objects::nonNull).toList();
    }

    private record CustomerView(Customer customer, RecoverySequence active, boolean optedOut) {}

    /**
     * The customer as the batch read it; a customer the read did not cover (named only by a stored cart newer
     * than the item's) is read on its own.
     */
    private CustomerView customerView(String storeId, BatchState state, Set<String> asked, String customerId) {
        if (customerId == null) {
            return new CustomerView(null, null, false);
        }
        if (asked.contains(customerId)) {
            return new CustomerView(state.customers().get(customerId), state.activeSequences().get(customerId),
                    state.optedOut().contains(customerId));
        }
        return new CustomerView(store.customer(storeId, customerId).orElse(null),
                store.activeSequenceOfCustomer(storeId, customerId).orElse(null),
                store.isSuppressed(storeId, SuppressionKey.customer(customerId)));
    }

    // --- orders ---

    void ordersPlaced(List<Order> orders) {
        if (orders == null) {
            throw new IllegalArgumentException("orders must not be null");
        }
        Map<String, StoreSettings> settings = new HashMap<>();
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i);
            String field = "orders[" + i + "]";
            if (order == null) {
                throw new IllegalArgumentException(field + " must not be null");
            }
            settings(settings, order.storeId(), field + ".storeId");
            if (!seen.add(List.of(order.storeId(), order.orderId()))) {
                throw new IllegalArgumentException(field + ".orderId repeats the order of an earlier item");
            }
        }
        Instant now = clock.instant();
        byStore(orders, Order::storeId).forEach((storeId, items) -> {
            StoreSettings storeSettings = settings.get(storeId);
            run(storeId, items, new RecoverySequence[orders.size()],
                    round -> round.stream().map(i -> orders.get(i).cartId()).filter(Objects::nonNull).toList(),
                    round -> round.stream().map(i -> orders.get(i).customerId()).filter(Objects::nonNull).toList(),
                    (state, round) -> planOrders(storeId, storeSettings, orders, state, round, now));
        });
    }

    private Plan planOrders(String storeId, StoreSettings settings, List<Order> orders, BatchState state,
                            List<Integer> round, Instant now) {
        Plan plan = new Plan();
        Map<Integer, RecoverySequence> attributable = new LinkedHashMap<>();
        for (int i : round) {
            Order order = orders.get(i);
            List<RecoverySequence> ofCart = order.cartId() == null ? List.of() : state.sequencesOf(order.cartId());
            RecoverySequence active = order.customerId() == null ? null
                    : state.activeSequences().get(order.customerId());
            List<RecoverySequence> candidates = Purchases.candidates(ofCart, active);
            RecoverySequence ended = candidates.isEmpty() && order.cartId() != null
                    ? Purchases.attributable(ofCart, order, settings, now) : null;
            List<String> keys = new ArrayList<>();
            keys.add(order.cartId() == null ? null : "cart:" + order.cartId());
            keys.add(order.customerId() == null ? null : "customer:" + order.customerId());
            candidates.forEach(candidate -> keys.add("sequence:" + candidate.id()));
            keys.add(ended == null ? null : "sequence:" + ended.id());
            if (!plan.touch(keys.toArray(String[]::new))) {
                plan.deferred.add(i);
                continue;
            }
            if (order.cartId() != null && state.carts().containsKey(order.cartId())) {
                if (state.watchedCarts().contains(order.cartId())) {
                    plan.carts.add(state.carts().get(order.cartId()));
                }
            }
            for (RecoverySequence candidate : candidates) {
                RecoverySequence stopped = Purchases.stopped(order, candidate, now);
                plan.stop(candidate, stopped, Purchases.stopEvents(order, stopped, now));
            }
            if (ended != null) {
                attributable.put(i, ended);
            }
        }
        if (!attributable.isEmpty()) {
            Set<String> recovered = store.sequencesWithEvent(storeId,
                    attributable.values().stream().map(RecoverySequence::id).toList(), EventType.CART_RECOVERED);
            attributable.forEach((i, ended) -> {
                if (!recovered.contains(ended.id())) {
                    plan.appended.add(Purchases.recovered(orders.get(i), ended, now));
                }
            });
        }
        return plan;
    }

    // --- shared ---

    /**
     * Runs the rounds of one store's items: each reads the state of its items, plans, and writes atomically,
     * reading and planning again when another writer interfered.
     */
    private void run(String storeId, List<Integer> items, RecoverySequence[] results,
                     Function<List<Integer>, List<String>> cartIds, Function<List<Integer>, List<String>> customerIds,
                     Planner planner) {
        List<Integer> pending = items;
        while (!pending.isEmpty()) {
            Plan plan = null;
            for (int tries = 0; plan == null; tries++) {
                if (tries == MAX_TRIES) {
                    throw new ConflictException("could not write a batch of store " + storeId
                            + ": too much contention");
                }
                BatchState state = store.readBatch(storeId, cartIds.apply(pending), customerIds.apply(pending));
                Plan planned = planner.plan(state, pending);
                if (store.writeBatch(planned.write(storeId))) {
                    plan = planned;
                } else {
                    LOG.debug("a concurrent writer interfered with a batch of store {}; reading again", storeId);
                }
            }
            afterWrite(plan);
            plan.results.forEach((i, sequence) -> results[i] = sequence);
            pending = plan.deferred;
        }
    }

    /** The new sequences' due times are in the store; the scheduler only hears when to look first. */
    private void afterWrite(Plan plan) {
        plan.starts.stream().map(start -> start.sequence().dueAt()).min(Instant::compareTo)
                .ifPresent(scheduler::wakeUp);
    }

    private StoreSettings settings(Map<String, StoreSettings> known, String storeId, String field) {
        StoreSettings found = known.get(storeId);
        if (found == null) {
            found = store.settings(storeId).orElseThrow(() -> new NotFoundException("store", storeId, field));
            known.put(storeId, found);
        }
        return found;
    }

    /** The indexes of the items of each store, in input order, stores in order of first appearance. */
    private static <T> Map<String, List<Integer>> byStore(List<T> items, Function<T, String> storeId) {
        Map<String, List<Integer>> byStore = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byStore.computeIfAbsent(storeId.apply(items.get(i)), k -> new ArrayList<>()).add(i);
        }
        return byStore;
    }
}

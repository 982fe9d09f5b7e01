package io.cartrecovery.core.internal;

import io.cartrecovery.core.Abandonment;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.EmailAddress;
import io.cartrecovery.core.EngineHealth;
import io.cartrecovery.core.FailedStep;
import io.cartrecovery.core.NotFoundException;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.analytics.AnalyticsReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine: store events and management calls; due steps go to {@link StepExecutor}. */
public final class DefaultRecoveryEngine implements RecoveryEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultRecoveryEngine.class);
    private static final int MAX_CAS_TRIES = 100;

    private final EngineConfig config;
    private final RecoveryStore store;
    private final StepTiming timing;
    private final StepExecutor executor;

    private final Engagement engagement;
    private final SequenceWriter writer;
    private final Starts starts;
    private final Batches batches;
    private final Privacy privacy;

    public DefaultRecoveryEngine(EngineConfig config) {
        Listeners listeners = new Listeners(config.listeners());
        this.config = resolved(config, listeners);
        this.store = this.config.store();
        this.timing = new StepTiming(store, config.clock());
        this.executor = new StepExecutor(this.config, timing, listeners);
        this.writer = new SequenceWriter(store);
        this.starts = new Starts(timing);
        this.batches = new Batches(store, this.config.scheduler(), config.clock(), starts);
        this.engagement = new Engagement(store, config.links(), config.clock(), this::customerOptedOut);
        this.privacy = new Privacy(store, writer, config.clock());
    }

    /**
     * The configuration the engine runs with: the store seen through the listeners (when there are any), and the
     * built-in popup inbox unless the host brought a popup sender.
     */
    private static EngineConfig resolved(EngineConfig config, Listeners listeners) {
        RecoveryStore store = listeners.isEmpty() ? config.store() : new ListeningStore(config.store(), listeners);
        Map<Channel, Sender> senders = new EnumMap<>(Channel.class);
        senders.putAll(config.senders());
        senders.putIfAbsent(Channel.POPUP, new PopupInbox(store, config.clock()));
        return new EngineConfig(store, config.scheduler(), config.messageGenerator(), Map.copyOf(senders),
                config.clock(), config.random(), config.retryPolicy(), config.lease(), config.links(),
                config.listeners());
    }

    /** Starts the scheduler and logs the resolved configuration once. */
    public void start() {
        LOG.info("cart recovery engine: {}", config);
        config.scheduler().start(store::dueTimers, this::runDue);
    }

    @Override
    public void configureStore(StoreSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        store.saveSettings(settings);
    }

    @Override
    public StoreSettings settings(String storeId) {
        Arguments.id(storeId, "storeId");
        return store.settings(storeId).orElseThrow(() -> new NotFoundException("store", storeId));
    }

    @Override
    public void cartUpdated(Cart cart, Customer customer) {
        EventChecks.cart(cart, "cart", config.links(), config.clock());
        if (cart == null) {
            throw new IllegalArgumentException("cart must not be null");
        }
        StoreSettings settings = settings(cart.storeId());
        if (customer != null) {
            if (!customer.storeId().equals(cart.storeId())) {
                throw new IllegalArgumentException("customer.storeId must equal cart.storeId");
            }
            if (!customer.customerId().equals(cart.customerId())) {
                throw new IllegalArgumentException("customer.customerId must equal cart.customerId");
            }
        }
        Optional<Cart> stored = store.cart(cart.storeId(), cart.cartId());
        if (stored.isPresent() && stored.get().lastActivityAt().isAfter(cart.lastActivityAt())) {
            LOG.debug("ignoring an out-of-order update of cart {}", cart.cartId());
            return;
        }
        if (customer != null) {
            store.saveCustomer(customer);
        }
        Instant abandonmentDue = watches(cart, customer) ? cart.lastActivityAt().plus(settings.abandonAfter()) : null;
        store.saveCart(cart, abandonmentDue);
        if (abandonmentDue != null) {
            config.scheduler().wakeUp(abandonmentDue);
        }
    }

    /** A cart is watched for abandonment when a customer can be reached and no sequence already runs for it. */
    private boolean watches(Cart cart, Customer customer) {
        if (customer == null || (!customer.hasEmail() && cart.storefrontToken() == null)) {
            return false;
        }
        if (store.isSuppressed(cart.storeId(), SuppressionKey.customer(customer.customerId()))) {
            return false;
        }
        return Starts.running(store.sequencesOfCart(cart.storeId(), cart.cartId()), cart).isEmpty();
    }

    @Override
    public Optional<RecoverySequence> cartAbandoned(String storeId, String cartId, Instant abandonedAt) {
        Arguments.id(cartId, "cartId");
        if (abandonedAt == null) {
            throw new IllegalArgumentException("abandonedAt must not be null");
        }
        settings(storeId);
        EventChecks.abandonedAt(abandonedAt, "abandonedAt", config.clock());
        Cart cart = store.cart(storeId, cartId).orElseThrow(() -> new NotFoundException("cart", cartId));
        // A batch of one with the stored cart and customer: the rules of starts exist once.
        return batches.abandoned(List.of(new Abandonment(cart, null, abandonedAt))).stream().findFirst();
    }

    /**
     * Starts the sequence of one abandonment, superseding the customer's other active sequence. The store holds
     * the rule that one abandonment starts one sequence: the new sequence's id is derived from the abandonment
     * (see {@link Starts}), so of concurrent starts of one abandonment, on any number of nodes, one insert wins
     * and the others answer with the winner.
     */
    private RecoverySequence startSequence(BatchWrite.Start start, Instant now) {
        RecoverySequence sequence = start.sequence();
        for (int tries = 0; tries < MAX_CAS_TRIES; tries++) {
            Optional<RecoverySequence> active = store.activeSequenceOfCustomer(sequence.storeId(),
                    sequence.customerId());
            if (active.isPresent() && active.get().id().equals(sequence.id())) {
                return active.get(); // a concurrent start of this abandonment won
            }
            active.ifPresent(other -> writer.stopIfActive(other, StopReason.SUPERSEDED, now));
            try {
                store.insert(sequence, start.events());
                config.scheduler().wakeUp(sequence.dueAt());
                return sequence;
            } catch (ConflictException raced) {
                Optional<RecoverySequence> winner = store.sequence(sequence.storeId(), sequence.id());
                if (winner.isPresent()) {
                    return winner.get();
                }
                LOG.debug("another sequence of the customer started concurrently; superseding it");
            }
        }
        throw new ConflictException("could not start a sequence for cart " + sequence.cartId()
                + ": too much contention");
    }

    @Override
    public void orderPlaced(Order order) {
        EventChecks.order(order, "order", config.clock());
        if (order == null) {
            throw new IllegalArgumentException("order must not be null");
        }
        settings(order.storeId());
        batches.ordersPlaced(List.of(order)); // a batch of one: the rules of purchases exist once
    }

    @Override
    public List<RecoverySequence> cartsAbandoned(List<Abandonment> abandonments) {
        EventChecks.abandonments(abandonments, config.links(), config.clock());
        return batches.abandoned(abandonments);
    }

    @Override
    public void ordersPlaced(List<Order> orders) {
        EventChecks.orders(orders, config.clock());
        batches.ordersPlaced(orders);
    }

    @Override
    public void customerOptedOut(String storeId, String customerId) {
        Arguments.id(customerId, "customerId");
        settings(storeId);
        Instant now = config.clock().instant();
        // The store's suppression list decides who opted out first: only that call records the opt-out, so
        // replays of an unsubscribe link change nothing.
        if (store.suppress(storeId, SuppressionKey.customer(customerId), "OPTED_OUT", now)) {
            store.customer(storeId, customerId).filter(Customer::hasEmail).ifPresent(customer ->
                    store.suppress(storeId, SuppressionKey.email(customer.email()), "OPTED_OUT", now));
            store.append(List.of(RecoveryEvent.optedOut(storeId, customerId, now)));
        }
        store.activeSequenceOfCustomer(storeId, customerId)
                .ifPresent(active -> writer.stopIfActive(active, StopReason.OPTED_OUT, now));
    }

    @Override
    public void eraseCustomer(String storeId, String customerId) {
        privacy.eraseCustomer(storeId, customerId);
    }

    @Override
    public void eraseStore(String storeId) {
        privacy.eraseStore(storeId);
    }

    @Override
    public CustomerExport exportCustomer(String storeId, String customerId) {
        return privacy.exportCustomer(storeId, customerId);
    }

    @Override
    public int purgeExpired(String storeId, int limit) {
        return privacy.purgeExpired(storeId, limit);
    }

    @Override
    public Page<RecoverySequence> activeSequences(String storeId, PageRequest page) {
        settings(storeId);
        if (page == null) {
            throw new IllegalArgumentException("page must not be null");
        }
        return store.activeSequences(storeId, page);
    }

    @Override
    public RecoverySequence sequence(String storeId, String sequenceId) {
        settings(storeId);
        Arguments.id(sequenceId, "sequenceId");
        return store.sequence(storeId, sequenceId).orElseThrow(() -> new NotFoundException("sequence", sequenceId));
    }

    @Override
    public List<RecoveryEvent> history(String storeId, String sequenceId) {
        sequence(storeId, sequenceId);
        return store.eventsOfSequence(storeId, sequenceId);
    }

    @Override
    public RecoverySequence stop(String storeId, String sequenceId, StopReason reason) {
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null");
        }
        RecoverySequence sequence = sequence(storeId, sequenceId);
        return writer.stopIfActive(sequence, reason, config.clock().instant());
    }

    @Override
    public RecoverySequence restart(String storeId, String sequenceId) {
        RecoverySequence old = sequence(storeId, sequenceId);
        if (old.isActive()) {
            throw new ConflictException("sequence " + sequenceId + " is still active");
        }
        if (store.isSuppressed(storeId, SuppressionKey.customer(old.customerId()))) {
            throw new ConflictException("the customer of sequence " + sequenceId + " opted out");
        }
        StoreSettings settings = settings(storeId);
        Cart cart = store.cart(storeId, old.cartId()).orElseThrow(() -> new NotFoundException("cart", old.cartId()));
        Customer customer = store.customer(storeId, old.customerId())
                .orElseThrow(() -> new NotFoundException("customer", old.customerId()));
        Instant now = config.clock().instant();
        return startSequence(starts.restart(old, cart, customer, settings, now), now);
    }

    @Override
    public AnalyticsReport analytics(String storeId, Instant from, Instant to) {
        StoreSettings settings = settings(storeId);
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("from and to must be given, to not before from");
        }
        return store.analytics(settings, from, to);
    }

    @Override
    public void unsubscribe(String storeId, String token) {
        settings(storeId);
        engagement.unsubscribe(storeId, token);
    }

    @Override
    public void recordOpen(String storeId, String token) {
        settings(storeId);
        engagement.recordOpen(storeId, token);
    }

    @Override
    public URI click(String storeId, String token) {
        settings(storeId);
        return engagement.click(storeId, token);
    }

    @Override
    public Optional<PendingPopup> takePopup(String storeId, String storefrontToken) {
        settings(storeId);
        Arguments.id(storefrontToken, "storefrontToken");
        return engagement.takePopup(storeId, storefrontToken);
    }

    @Override
    public void suppressAddress(String storeId, String email, String reason) {
        settings(storeId);
        EmailAddress.check(email, "email");
        engagement.suppressAddress(storeId, email, reason);
    }

    @Override
    public Page<FailedStep> failedSteps(String storeId, PageRequest page) {
        settings(storeId);
        if (page == null) {
            throw new IllegalArgumentException("page must not be null");
        }
        return DeadLetters.page(store, storeId, page, config.clock().instant());
    }

    @Override
    public RecoverySequence retryFailedStep(String storeId, String sequenceId, String stepId) {
        Arguments.id(stepId, "stepId");
        RecoverySequence sequence = sequence(storeId, sequenceId);
        Instant now = config.clock().instant();
        RecoverySequence retrying = writer.update(sequence, current -> DeadLetters.retry(current, stepId, now),
                next -> List.of(RecoveryEvent.retryScheduled(next, stepId, DeadLetters.MANUAL_RETRY,
                        now)));
        config.scheduler().wakeUp(now);
        return retrying;
    }

    @Override
    public EngineHealth health() {
        Scheduler.Health scheduler = config.scheduler().health();
        Instant now = config.clock().instant();
        List<DueTimer> oldest = store.dueTimers(now, 1);
        Instant oldestDueAt = oldest.isEmpty() ? null : oldest.get(0).dueAt();
        Duration lag = oldestDueAt == null ? Duration.ZERO : Duration.between(oldestDueAt, now);
        return new EngineHealth(scheduler.running(), scheduler.lastPoll(), scheduler.inFlight(), oldestDueAt, lag);
    }

    @Override
    public void runDue(TimerKey key) {
        switch (key.kind()) {
            case SEQUENCE -> executor.run(key.storeId(), key.id());
            case CART -> checkAbandonment(key.storeId(), key.id());
        }
    }

    private void checkAbandonment(String storeId, String cartId) {
        Optional<Instant> due = store.abandonmentDueAt(storeId, cartId);
        if (due.isEmpty()) {
            return;
        }
        Instant now = config.clock().instant();
        if (due.get().isAfter(now)) {
            return;
        }
        store.cart(storeId, cartId).ifPresent(cart -> cartAbandoned(storeId, cartId, cart.lastActivityAt()));
    }

    @Override
    public void close() {
        config.scheduler().close();
    }
}

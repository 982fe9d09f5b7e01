package io.cartrecovery.core;

import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.internal.DefaultRecoveryEngine;
import io.cartrecovery.core.internal.EngineConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The library's single entry point: takes store events, runs recovery sequences, answers management calls.
 * Every call is scoped by store id; one store never sees or changes another store's data. Build one with
 * {@link #builder()}; it is thread-safe.
 */
public interface RecoveryEngine extends AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    // --- configuration ---

    /** Creates or replaces a store's settings; a store must be configured before it sends events. */
    void configureStore(StoreSettings settings);

    /** @throws NotFoundException for an unknown store */
    StoreSettings settings(String storeId);

    // --- store events ---

    /**
     * Records the latest state of a cart and its customer ({@code null} for an anonymous cart). A cart with a
     * reachable customer and no activity for the store's abandon-after time starts a sequence by itself;
     * newer activity postpones that. An update older than the one stored is ignored.
     */
    void cartUpdated(Cart cart, Customer customer);

    /**
     * Starts the recovery sequence of a cart abandoned at {@code abandonedAt}, superseding any other active
     * sequence of the same customer. Idempotent: while the cart has no newer activity, repeated calls return
     * the sequence already started.
     *
     * @return the sequence, or empty when the cart cannot get one (anonymous, or the customer opted out)
     */
    Optional<RecoverySequence> cartAbandoned(String storeId, String cartId, Instant abandonedAt);

    /**
     * Stops the cart's (or customer's) active sequence as {@code PURCHASED} and records the recovered value. A
     * purchase after the cart's sequence ended still counts as recovered within the store's attribution window
     * after its last message.
     */
    void orderPlaced(Order order);

    /**
     * Many abandoned carts at once, with a number of store round trips that does not grow with the batch: for
     * each item the same outcome as {@link #cartUpdated} with its cart and customer followed by
     * {@link #cartAbandoned} at its time. The whole batch is checked first; a bad item (named by its index, as in
     * {@code abandonments[3].abandonedAt}) or an unknown store fails the call before anything is stored.
     * Items of the same customer are applied in input order, one store round after the other.
     *
     * @return the sequence of each item that has one (started now or already running), in input order, as the
     *         item left it
     * @throws NotFoundException for an unknown store
     */
    List<RecoverySequence> cartsAbandoned(List<Abandonment> abandonments);

    /**
     * Many orders at once, with a number of store round trips that does not grow with the batch: for each the
     * same outcome as {@link #orderPlaced}. The whole batch is checked first (items named by index, as in
     * {@code orders[2]}); then nothing is stored on failure.
     *
     * @throws NotFoundException for an unknown store
     */
    void ordersPlaced(List<Order> orders);

    /** Stops every active sequence of the customer and suppresses future ones. */
    void customerOptedOut(String storeId, String customerId);

    // --- management ---

    /** Active sequences of a store, ordered by id. */
    Page<RecoverySequence> activeSequences(String storeId, PageRequest page);

    /** @throws NotFoundException if the store has no such sequence */
    RecoverySequence sequence(String storeId, String sequenceId);

    /** The event log of one sequence. */
    List<RecoveryEvent> history(String storeId, String sequenceId);

    /** Stops an active sequence; a sequence already terminal is returned unchanged. */
    RecoverySequence stop(String storeId, String sequenceId, StopReason reason);

    /**
     * Starts a new sequence for the cart of a terminal sequence, counting offsets from now.
     *
     * @throws ConflictException if the sequence is still active or the customer opted out
     */
    RecoverySequence restart(String storeId, String sequenceId);

    /**
     * Recovery rates, revenue, per-step engagement and experiment results of the sequences started in
     * {@code [from, to)}, from the store's event log.
     */
    AnalyticsReport analytics(String storeId, Instant from, Instant to);

    // --- engagement (the endpoints a host exposes) ---

    /**
     * One-click unsubscribe (RFC 8058 POST, or the footer link's GET): verifies the token and opts the customer
     * out of every sequence.
     *
     * @throws io.cartrecovery.core.links.InvalidLinkException if the token is forged, expired or another store's;
     *         nothing is recorded then
     */
    void unsubscribe(String storeId, String token);

    /** Records that a message was opened (the open pixel). @throws io.cartrecovery.core.links.InvalidLinkException */
    void recordOpen(String storeId, String token);

    /**
     * Records a click and returns where to redirect: always one of the store's own hosts.
     *
     * @throws io.cartrecovery.core.links.InvalidLinkException for a bad token or a foreign target
     */
    java.net.URI click(String storeId, String token);

    /** The popup waiting for the storefront token, handed out once and recorded as shown. */
    Optional<PendingPopup> takePopup(String storeId, String storefrontToken);

    /** Puts an address on the store's suppression list (a hard bounce or complaint the host learned of). */
    void suppressAddress(String storeId, String email, String reason);

    // --- privacy ---

    /**
     * Erases a customer (GDPR art. 17, Shopify's {@code customers/redact}): stops their active sequence as
     * {@link StopReason#ERASED}, then removes their record, carts, sequences and waiting popups and strips their
     * events of every personal datum, in one atomic store step. Events stay countable and amounts stay, so
     * analytics reports keep their counts and revenue. The customer's address stays on the suppression list as a
     * one-way digest only: a later cart of the same address is never emailed. Idempotent; an unknown customer or
     * store changes nothing.
     *
     * @throws IllegalArgumentException naming the field, for a blank or too long id
     */
    void eraseCustomer(String storeId, String customerId);

    /**
     * Removes every record of a store, settings and suppression list included (Shopify's {@code shop/redact}); no
     * other store's. The store must be configured again before it sends events. Idempotent.
     */
    void eraseStore(String storeId);

    /**
     * Everything the store holds about a customer (GDPR art. 15, Shopify's {@code customers/data_request}), with
     * {@link CustomerExport#toJson()} to hand over; empty for an unknown customer or store.
     */
    CustomerExport exportCustomer(String storeId, String customerId);

    /**
     * Deletes what outlived the store's {@link StoreSettings#retention()} (counted back from the engine's clock; the
     * attribution window instead when that is longer), at most {@code limit} of each kind: ended sequences with no event since, with their events; events of no
     * sequence; inactive carts that are not watched and have no active sequence; and expired popups. Customer
     * records and the suppression list stay. Runs on the calling thread, never on the scheduler's; a host runs it
     * periodically per store and repeats it until it returns zero.
     *
     * @param limit from 1 to {@link Limits#MAX_PURGE_BATCH}, of each kind
     * @return how many records were deleted
     * @throws NotFoundException for an unknown store
     */
    int purgeExpired(String storeId, int limit);

    // --- operations ---

    /**
     * The dead letters of a store: steps recorded as failed for good, newest first, a page at a time.
     *
     * @throws NotFoundException for an unknown store
     */
    Page<FailedStep> failedSteps(String storeId, PageRequest page);

    /**
     * Sends a failed step again, through the same protocol (write, claim, send with the step's idempotency key,
     * complete): allowed while the sequence is active, the step is the last one that ran, and the next step is not
     * yet due. After it, the sequence goes on to its next step at that step's own time.
     *
     * @return the sequence, with the step due now
     * @throws NotFoundException if the store has no such sequence
     * @throws ConflictException if the sequence ended, the step is not its last failed step, or the next step is
     *                           due or running already
     */
    RecoverySequence retryFailedStep(String storeId, String sequenceId, String stepId);

    /** The engine's health: its scheduler's, and how long the oldest due work has waited. */
    EngineHealth health();

    /** Runs the work of one due timer now; the scheduler calls this, hosts rarely need to. */
    void runDue(TimerKey key);

    /** Stops the scheduler; in-flight steps finish or their leases expire. */
    @Override
    void close();

    /** Fluent builder; everything but the senders has a default. */
    final class Builder {
        public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
        public static final int DEFAULT_WORKERS = 4;

        private RecoveryStore store;
        private Scheduler scheduler;
        private MessageGenerator messageGenerator = MessageGenerator.templates();
        private final Map<Channel, Sender> senders = new EnumMap<>(Channel.class);
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration lease = DEFAULT_LEASE;
        private final List<StoreSettings> stores = new java.util.ArrayList<>();
        private io.cartrecovery.core.links.SignedLinks links;
        private final List<RecoveryListener> listeners = new java.util.ArrayList<>();

        private Builder() {}

        /** Where state lives; default {@link RecoveryStore#inMemory()}. */
        public Builder store(RecoveryStore value) { this.store = Checks.notNull(value, "store"); return this; }

        /**
         * What finds due work in the store and runs it; default the store's own
         * ({@link RecoveryStore#defaultScheduler}, on the engine's clock): for the in-memory store a
         * {@link Scheduler#realTime} poller, for {@code JdbcRecoveryStore} a {@code JdbcScheduler} that shares the
         * work between nodes. Every scheduler reads due times from the store, so restarting an engine on a durable
         * store loses nothing.
         */
        public Builder scheduler(Scheduler value) { this.scheduler = Checks.notNull(value, "scheduler"); return this; }

        /** Who writes messages; default {@link MessageGenerator#templates()}, also the fallback. */
        public Builder messageGenerator(MessageGenerator value) {
            this.messageGenerator = Checks.notNull(value, "messageGenerator");
            return this;
        }

        /**
         * Who delivers on {@code channel}; steps on a channel without a sender are skipped. Popups default to the
         * built-in inbox the storefront reads with {@link RecoveryEngine#takePopup}.
         */
        public Builder sender(Channel channel, Sender sender) {
            senders.put(Checks.notNull(channel, "channel"), Checks.notNull(sender, "sender"));
            return this;
        }

        /** The only source of time; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) { this.clock = Checks.notNull(value, "clock"); return this; }

        /** Source of retry jitter; default a seeded {@link SplittableRandom}. */
        public Builder random(RandomGenerator value) { this.random = Checks.notNull(value, "random"); return this; }

        public Builder retryPolicy(RetryPolicy value) { this.retryPolicy = Checks.notNull(value, "retryPolicy"); return this; }

        /** How long a claimed step may run before another worker may take it over; default 5 minutes. */
        public Builder lease(Duration value) {
            Checks.notNull(value, "lease");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("lease must be positive");
            }
            this.lease = value;
            return this;
        }

        /** Signs unsubscribe, open and click links; without it messages carry no tracked links. */
        public Builder links(io.cartrecovery.core.links.SignedLinks value) {
            this.links = Checks.notNull(value, "links");
            return this;
        }

        /** Hears every committed change and step timing, after the commit; see {@link RecoveryListener}. */
        public Builder listener(RecoveryListener value) {
            listeners.add(Checks.notNull(value, "listener"));
            return this;
        }

        /** Configures a store at build time, same as {@link RecoveryEngine#configureStore}. */
        public Builder configureStore(StoreSettings settings) {
            stores.add(Checks.notNull(settings, "settings"));
            return this;
        }

        /** Builds the engine and starts its scheduler. */
        public RecoveryEngine build() {
            RecoveryStore resolvedStore = store != null ? store : RecoveryStore.inMemory();
            Scheduler resolvedScheduler = scheduler != null ? scheduler : resolvedStore.defaultScheduler(clock);
            RandomGenerator resolvedRandom = random != null ? random : new SplittableRandom();
            EngineConfig config = new EngineConfig(resolvedStore, resolvedScheduler, messageGenerator,
                    Map.copyOf(senders), clock, resolvedRandom, retryPolicy, lease, links, List.copyOf(listeners));
            DefaultRecoveryEngine engine = new DefaultRecoveryEngine(config);
            stores.forEach(engine::configureStore);
            engine.start();
            return engine;
        }
    }
}

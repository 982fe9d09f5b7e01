package io.cartrecovery.test;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.VirtualTimeScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A {@link RecoveryEngine} for a host's tests: it runs on a {@link SettableClock} with the virtual-time scheduler, so
 * nothing happens until the test advances time, and every channel has a {@link RecordingSender}. Steps due on the
 * way run in the advancing thread, with the clock at their due time.
 *
 * <pre>{@code
 * try (RecoveryTestKit kit = RecoveryTestKit.builder().configureStore(settings).build()) {
 *     kit.engine().cartUpdated(cart, customer);
 *     kit.advance(Duration.ofHours(2));
 *     assertThat(kit.sentTo("alex@example.com")).hasSize(2);
 * }
 * }</pre>
 */
public final class RecoveryTestKit implements AutoCloseable {
    /** Where the clock stands unless {@link Builder#clock} says otherwise: {@link Fixtures#T0}. */
    public static final Instant DEFAULT_START = Fixtures.T0;

    private final SettableClock clock;
    private final VirtualTimeScheduler scheduler;
    private final RecoveryStore store;
    private final Map<Channel, RecordingSender> senders = new EnumMap<>(Channel.class);
    private final RecoveryEngine engine;
    private final List<Order> orders = new ArrayList<>();

    private RecoveryTestKit(Builder builder) {
        clock = builder.clock == null ? SettableClock.at(DEFAULT_START) : builder.clock;
        scheduler = Scheduler.virtualTime(clock);
        store = builder.store == null ? RecoveryStore.inMemory() : builder.store;
        RecoveryEngine.Builder engineBuilder = RecoveryEngine.builder()
                .store(store).clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(builder.seed))
                .retryPolicy(builder.retryPolicy)
                .messageGenerator(builder.messageGenerator);
        for (Channel channel : Channel.values()) {
            RecordingSender sender = new RecordingSender(clock);
            senders.put(channel, sender);
            engineBuilder.sender(channel, sender);
        }
        builder.settings.forEach(engineBuilder::configureStore);
        engine = engineBuilder.build();
    }

    /** A kit on an in-memory store, the built-in templates and the default retry policy, at {@link #DEFAULT_START}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The engine under test. */
    public RecoveryEngine engine() {
        return engine;
    }

    /** The store the engine runs on. */
    public RecoveryStore store() {
        return store;
    }

    /** The clock of the engine; move it with {@link #advance} or {@link #advanceTo}, which run the due steps. */
    public SettableClock clock() {
        return clock;
    }

    /** Now, on the kit's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** Moves the clock forward by {@code duration}, running every step that falls due on the way. */
    public RecoveryTestKit advance(Duration duration) {
        scheduler.advance(duration);
        return this;
    }

    /** Moves the clock to {@code target} (not backwards), running every step that falls due on the way. */
    public RecoveryTestKit advanceTo(Instant target) {
        scheduler.advanceTo(target);
        return this;
    }

    /** The recording sender of {@code channel}: what it was asked, and what it answers next. */
    public RecordingSender sender(Channel channel) {
        return senders.get(Objects.requireNonNull(channel, "channel"));
    }

    /** What was delivered on {@code channel}, in the order sent, each with the time it was sent. */
    public List<RecordingSender.Attempt> sent(Channel channel) {
        return sender(channel).sent();
    }

    /** What was delivered to the customer with this email address, on any channel, in the order sent. */
    public List<RecordingSender.Attempt> sentTo(String email) {
        Objects.requireNonNull(email, "email");
        return senders.values().stream()
                .flatMap(sender -> sender.sent().stream())
                .filter(attempt -> email.equalsIgnoreCase(attempt.delivery().customer().email()))
                .sorted(Comparator.comparing(RecordingSender.Attempt::at))
                .toList();
    }

    /** The latest sequence of the cart, as stored now. */
    public RecoverySequence sequence(String storeId, String cartId) {
        List<RecoverySequence> sequences = store.sequencesOfCart(storeId, cartId);
        if (sequences.isEmpty()) {
            throw new NoSuchElementException("cart " + cartId + " of store " + storeId + " has no sequence");
        }
        return sequences.get(sequences.size() - 1);
    }

    /** Applies one event of a store history at the clock's time (see {@link StoreEvent}). */
    public RecoveryTestKit apply(StoreEvent event) {
        Instant now = now();
        Objects.requireNonNull(event, "event");
        if (event instanceof StoreEvent.CartUpdated update) {
            engine.cartUpdated(update.cart().withLastActivityAt(now), update.customer());
        } else if (event instanceof StoreEvent.CartAbandoned abandoned) {
            engine.cartAbandoned(abandoned.storeId(), abandoned.cartId(), now);
        } else if (event instanceof StoreEvent.OrderPlaced placed) {
            Order order = new Order(placed.cart().storeId(), placed.orderId(), placed.cart().cartId(),
                    placed.cart().customerId(), placed.cart().total(), now);
            engine.orderPlaced(order);
            orders.add(order);
        } else if (event instanceof StoreEvent.OptedOut optedOut) {
            engine.customerOptedOut(optedOut.storeId(), optedOut.customerId());
        } else {
            advance(((StoreEvent.TimeAdvanced) event).duration());
        }
        return this;
    }

    /** Applies every event of {@code history} in order. */
    public RecoveryTestKit apply(List<? extends StoreEvent> history) {
        history.forEach(this::apply);
        return this;
    }

    /** The orders placed through {@link #apply}, with the time each was placed. */
    public List<Order> orders() {
        return List.copyOf(orders);
    }

    /** Closes the engine. */
    @Override
    public void close() {
        engine.close();
    }

    /** Builds a {@link RecoveryTestKit}. */
    public static final class Builder {
        private SettableClock clock;
        private RecoveryStore store;
        private MessageGenerator messageGenerator = MessageGenerator.templates();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private long seed = 42;
        private final List<StoreSettings> settings = new ArrayList<>();

        private Builder() {}

        /**
         * The clock the engine runs on; default one at {@link #DEFAULT_START}. Give the same clock to a store that
         * has a clock of its own (a {@code JdbcRecoveryStore}).
         */
        public Builder clock(SettableClock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The store under test; default {@link RecoveryStore#inMemory()}. The kit never uses its own scheduler. */
        public Builder store(RecoveryStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** A store the engine serves, as {@link RecoveryEngine.Builder#configureStore}. */
        public Builder configureStore(StoreSettings value) {
            settings.add(Objects.requireNonNull(value, "settings"));
            return this;
        }

        /** Writes the messages; default the built-in templates. */
        public Builder messageGenerator(MessageGenerator value) {
            this.messageGenerator = Objects.requireNonNull(value, "messageGenerator");
            return this;
        }

        /** Retries of failed sends; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** The seed of the engine's random source (backoff jitter, experiment arms); default 42. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** A kit with a new engine, started. */
        public RecoveryTestKit build() {
            return new RecoveryTestKit(this);
        }
    }
}

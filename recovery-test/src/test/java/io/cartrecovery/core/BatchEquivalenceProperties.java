package io.cartrecovery.core;

import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.test.Fixtures;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch entry points have the outcome of the single calls: two engines share a random history, then one
 * takes a random batch of abandonments and of orders item by item, the other as batches; their stores must then
 * hold the same carts, customers, sequences (ids aside) and per-sequence events. Half the tries run the batch
 * engine on a store that keeps the port's default (non-atomic, single-item) batch methods.
 */
class BatchEquivalenceProperties {
    private static final String STORE = "store-q";
    private static final int CUSTOMERS = 4;
    private static final int CARTS = 8;

    private static final class Twin {
        final SettableClock clock = SettableClock.at(T0);
        final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        final RecoveryStore store;
        final RecoveryEngine engine;

        Twin(RecoveryStore store) {
            this.store = store;
            this.engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
                    .random(new SplittableRandom(7))
                    .configureStore(StoreSettings.builder(STORE)
                            .experiment(Experiment.of("split", 0.2, Variant.control("control", 1),
                                    Variant.control("b", 1)))
                            .build())
                    .build();
        }
    }

    /** A store answering the batch reads with the port's defaults, everything else from the heap store. */
    static RecoveryStore withDefaultBatches(RecoveryStore delegate) {
        List<String> defaults = List.of("readBatch", "sequencesWithEvent"); // writeBatch has no default: atomic
        InvocationHandler handler = (proxy, method, args) -> {
            if (defaults.contains(method.getName())) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (RecoveryStore) Proxy.newProxyInstance(RecoveryStore.class.getClassLoader(),
                new Class<?>[] {RecoveryStore.class}, handler);
    }

    @Property(tries = 300)
    void batchesHaveTheOutcomeOfSingleCalls(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Twin single = new Twin(RecoveryStore.inMemory());
        Twin batch = new Twin(random.nextBoolean() ? RecoveryStore.inMemory()
                : withDefaultBatches(RecoveryStore.inMemory()));
        for (Twin twin : List.of(single, batch)) {
            history(twin, new SplittableRandom(seed));
        }
        List<Abandonment> abandonments = abandonments(random, single.clock.instant());

        List<RecoverySequence> expected = new ArrayList<>();
        for (Abandonment item : abandonments) {
            single.engine.cartUpdated(item.cart(), item.customer());
            single.engine.cartAbandoned(STORE, item.cart().cartId(), item.abandonedAt()).ifPresent(expected::add);
        }
        List<RecoverySequence> actual = batch.engine.cartsAbandoned(abandonments);

        assertThat(actual.stream().map(BatchEquivalenceProperties::withoutId).toList())
                .isEqualTo(expected.stream().map(BatchEquivalenceProperties::withoutId).toList());
        assertThat(snapshot(batch)).isEqualTo(snapshot(single));

        Duration later = Duration.ofMinutes(random.nextInt(0, 3 * 24 * 60));
        single.scheduler.advance(later);
        batch.scheduler.advance(later);
        List<Order> orders = orders(random, single.clock.instant());
        orders.forEach(single.engine::orderPlaced);
        batch.engine.ordersPlaced(orders);
        assertThat(snapshot(batch)).isEqualTo(snapshot(single));
    }

    /** The same random past for both: abandoned carts, opt-outs, sends, purchases. */
    private static void history(Twin twin, SplittableRandom random) {
        for (int i = random.nextInt(0, 8); i > 0; i--) {
            int cart = random.nextInt(CARTS);
            String customer = "u" + random.nextInt(CUSTOMERS);
            twin.engine.cartUpdated(Fixtures.cart(STORE, "k" + cart, customer, twin.clock.instant()),
                    Fixtures.customer(STORE, customer));
            switch (random.nextInt(5)) {
                case 0 -> twin.engine.customerOptedOut(STORE, customer);
                case 1 -> twin.engine.orderPlaced(new Order(STORE, "past-" + i, "k" + cart, customer,
                        BigDecimal.TEN, twin.clock.instant()));
                default -> twin.engine.cartAbandoned(STORE, "k" + cart, twin.clock.instant());
            }
            twin.scheduler.advance(Duration.ofMinutes(random.nextInt(1, 26 * 60)));
        }
    }

    private static List<Abandonment> abandonments(SplittableRandom random, Instant now) {
        List<Integer> carts = new ArrayList<>(IntStream.range(0, CARTS).boxed().toList());
        Collections.shuffle(carts, new java.util.Random(random.nextLong()));
        List<Abandonment> items = new ArrayList<>();
        for (int cart : carts.subList(0, random.nextInt(1, CARTS + 1))) {
            String customerId = random.nextInt(6) == 0 ? null : "u" + random.nextInt(CUSTOMERS);
            Instant active = now.minus(Duration.ofMinutes(random.nextInt(0, 3 * 24 * 60)));
            Customer customer = customerId == null || random.nextInt(4) == 0 ? null
                    : new Customer(STORE, customerId, random.nextInt(5) == 0 ? null : customerId + "@example.com",
                            "Sam", Locale.GERMANY, ZoneId.of("Europe/Berlin"), random.nextInt(3),
                            BigDecimal.valueOf(random.nextInt(0, 900)), random.nextBoolean());
            Cart snapshot = new Cart(STORE, "k" + cart, customerId, random.nextBoolean() ? "sf-" + cart : null,
                    Fixtures.USD, Fixtures.cart(STORE, "k", null, active).items(), new BigDecimal("171.50"), null,
                    active);
            items.add(new Abandonment(snapshot, customer,
                    active.plus(Duration.ofMinutes(random.nextInt(0, 60))).isAfter(now) ? now : active));
        }
        return items;
    }

    private static List<Order> orders(SplittableRandom random, Instant now) {
        List<Order> orders = new ArrayList<>();
        for (int i = random.nextInt(1, 8); i > 0; i--) {
            String cart = random.nextInt(5) == 0 ? null : "k" + random.nextInt(CARTS);
            String customer = cart != null && random.nextBoolean() ? null : "u" + random.nextInt(CUSTOMERS);
            Instant placedAt = random.nextBoolean() ? now
                    : now.minus(Duration.ofMinutes(random.nextInt(0, 4 * 24 * 60)));
            orders.add(new Order(STORE, "o" + i, cart, customer, BigDecimal.valueOf(random.nextInt(1, 300)),
                    placedAt)); // often reported late
        }
        return orders;
    }

    /** Everything the engines wrote, with sequence ids replaced by "cart#n" (n: the sequence's rank on its cart). */
    private static Map<String, Object> snapshot(Twin twin) {
        Map<String, Object> state = new TreeMap<>();
        Map<String, String> ids = new TreeMap<>();
        for (int cart = 0; cart < CARTS; cart++) {
            String cartId = "k" + cart;
            state.put("cart " + cartId, twin.store.cart(STORE, cartId));
            state.put("due " + cartId, twin.store.abandonmentDueAt(STORE, cartId));
            List<RecoverySequence> sequences = twin.store.sequencesOfCart(STORE, cartId);
            for (int n = 0; n < sequences.size(); n++) {
                ids.put(sequences.get(n).id(), cartId + "#" + n);
            }
            for (int n = 0; n < sequences.size(); n++) {
                RecoverySequence sequence = sequences.get(n);
                state.put("sequence " + cartId + "#" + n, withoutId(sequence));
                state.put("events " + cartId + "#" + n, twin.store.eventsOfSequence(STORE, sequence.id()).stream()
                        .map(e -> new RecoveryEvent(e.storeId(), e.type(), ids.get(e.sequenceId()), e.cartId(),
                                e.customerId(), e.stepId(), e.variant(), e.value(), e.detail(), e.at()))
                        .toList());
            }
        }
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            String customerId = "u" + customer;
            state.put("customer " + customerId, twin.store.customer(STORE, customerId));
            state.put("active " + customerId, twin.store.activeSequenceOfCustomer(STORE, customerId)
                    .map(s -> ids.get(s.id())));
            state.put("opted out " + customerId, twin.store.isSuppressed(STORE, SuppressionKey.customer(customerId)));
        }
        return state;
    }

    private static RecoverySequence withoutId(RecoverySequence s) {
        SequenceIdentity i = s.identity();
        return new RecoverySequence(new SequenceIdentity("-", i.storeId(), i.cartId(), i.customerId(), i.type(),
                i.variant(), i.plan(), i.abandonedAt(), i.startedAt()), s.progress(), s.version());
    }
}

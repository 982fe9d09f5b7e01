package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.cartrecovery.core.EngineHarness.OTHER_STORE;
import static io.cartrecovery.core.EngineHarness.STORE;
import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch entry points: outcome, idempotency, superseding, opt-outs, validation and retries. */
class EngineBatchTest {
    private final EngineHarness h = new EngineHarness();

    private Abandonment abandonment(String cartId, String customerId) {
        return new Abandonment(Fixtures.cart(STORE, cartId, customerId, h.clock.instant()),
                customerId == null ? null : Fixtures.customer(STORE, customerId), h.clock.instant());
    }

    private List<RecoveryEvent> eventsOf(RecoverySequence sequence) {
        return h.engine.history(STORE, sequence.id());
    }

    @Test
    void startsASequencePerCartInInputOrderAndIsIdempotent() {
        List<Abandonment> batch = List.of(abandonment("c1", "u1"), abandonment("c2", null),
                abandonment("c3", "u3"));

        List<RecoverySequence> started = h.engine.cartsAbandoned(batch);

        assertThat(started).extracting(RecoverySequence::cartId).containsExactly("c1", "c3");
        assertThat(started).allMatch(RecoverySequence::isActive);
        assertThat(h.store.cart(STORE, "c2")).isPresent();
        assertThat(h.store.customer(STORE, "u3")).contains(Fixtures.customer(STORE, "u3"));
        assertThat(h.store.abandonmentDueAt(STORE, "c1")).isEmpty();
        assertThat(eventsOf(started.get(0))).extracting(RecoveryEvent::type).containsExactly(EventType.SEQUENCE_STARTED);

        h.clock.advance(Duration.ofMinutes(5));
        assertThat(h.engine.cartsAbandoned(batch)).isEqualTo(started);
        assertThat(eventsOf(started.get(0))).hasSize(1);

        h.scheduler.advance(Duration.ofHours(1));
        assertThat(h.popup.sent()).hasSize(2); // the scheduler learned of both sequences
    }

    @Test
    void aNewCartSupersedesTheCustomersSequenceAlsoWithinOneBatch() {
        RecoverySequence old = h.abandon("c0", "u1");
        h.clock.advance(Duration.ofMinutes(1));

        List<RecoverySequence> started = h.engine.cartsAbandoned(List.of(abandonment("c1", "u1"),
                abandonment("c2", "u2"), abandonment("c3", "u1")));

        assertThat(started).extracting(RecoverySequence::cartId).containsExactly("c1", "c2", "c3");
        assertThat(h.reload(old).stopReason()).isEqualTo(StopReason.SUPERSEDED);
        assertThat(h.reload(started.get(0)).stopReason()).isEqualTo(StopReason.SUPERSEDED);
        assertThat(h.store.activeSequenceOfCustomer(STORE, "u1")).contains(started.get(2));
        assertThat(eventsOf(started.get(0))).extracting(RecoveryEvent::type)
                .containsExactly(EventType.SEQUENCE_STARTED, EventType.SEQUENCE_STOPPED);
    }

    @Test
    void optedOutAndAnonymousCartsGetNoSequenceButAreSaved() {
        h.engine.customerOptedOut(STORE, "u1");
        Cart anonymous = Fixtures.cart(STORE, "c2", null, h.clock.instant());

        List<RecoverySequence> started = h.engine.cartsAbandoned(List.of(abandonment("c1", "u1"),
                new Abandonment(anonymous, null, h.clock.instant())));

        assertThat(started).isEmpty();
        assertThat(h.store.cart(STORE, "c2")).contains(anonymous);
        assertThat(h.store.activeSequenceOfCustomer(STORE, "u1")).isEmpty();
    }

    @Test
    void anOlderUpdateIsIgnoredAndTheStoredCartAbandoned() {
        Cart newer = Fixtures.cart(STORE, "c1", "u1", h.clock.instant());
        h.engine.cartUpdated(newer, Fixtures.customer(STORE, "u1"));
        Cart older = Fixtures.cart(STORE, "c1", "u1", h.clock.instant().minusSeconds(60));

        List<RecoverySequence> started = h.engine.cartsAbandoned(List.of(
                new Abandonment(older, Customer.of(STORE, "u1", "changed@example.com"), older.lastActivityAt())));

        assertThat(h.store.cart(STORE, "c1")).contains(newer);
        assertThat(h.store.customer(STORE, "u1")).contains(Fixtures.customer(STORE, "u1"));
        assertThat(started).singleElement().satisfies(s -> assertThat(s.abandonedAt()).isEqualTo(older.lastActivityAt()));
    }

    @Test
    void aBadItemFailsTheWholeBatchNamingItsIndexAndStoresNothing() {
        Abandonment good = abandonment("c1", "u1");
        Instant future = h.clock.instant().plus(Limits.MAX_CLOCK_SKEW).plusSeconds(1);
        List<Abandonment> withNull = new ArrayList<>(List.of(good));
        withNull.add(null);

        assertThatThrownBy(() -> h.engine.cartsAbandoned(withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("abandonments[1] must not be null");
        assertThatThrownBy(() -> h.engine.cartsAbandoned(List.of(good,
                new Abandonment(Fixtures.cart(STORE, "c2", "u2", h.clock.instant()), null, future))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("abandonments[1].abandonedAt must not be more than 5 minutes in the future");
        assertThatThrownBy(() -> h.engine.cartsAbandoned(List.of(good, abandonment("c1", "u1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("abandonments[1].cart repeats");
        assertThatThrownBy(() -> h.engine.cartsAbandoned(List.of(good, new Abandonment(
                Fixtures.cart("nowhere", "c9", "u9", T0), null, T0))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("abandonments[1].cart.storeId");
        assertThatThrownBy(() -> h.engine.cartsAbandoned(null)).isInstanceOf(IllegalArgumentException.class);

        assertThat(h.store.cart(STORE, "c1")).isEmpty();
        assertThat(h.store.customer(STORE, "u1")).isEmpty();
        assertThat(h.engine.activeSequences(STORE, PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void anAbandonmentsCustomerMustBeTheCartsCustomer() {
        Cart cart = Fixtures.cart(STORE, "c1", "u1", T0);
        assertThatThrownBy(() -> new Abandonment(cart, Fixtures.customer(STORE, "u2"), T0))
                .hasMessage("customer.customerId must equal cart.customerId");
        assertThatThrownBy(() -> new Abandonment(cart, Fixtures.customer(OTHER_STORE, "u1"), T0))
                .hasMessage("customer.storeId must equal cart.storeId");
        assertThatThrownBy(() -> new Abandonment(cart, null, null)).hasMessage("abandonedAt must not be null");
    }

    @Test
    void ordersStopTheirSequencesAsPurchasedAndAttributeLatePurchases() {
        RecoverySequence byCart = h.abandon("c1", "u1");
        RecoverySequence byCustomer = h.abandon("c2", "u2");
        RecoverySequence ended = h.abandon("c3", "u3");
        h.scheduler.advance(Duration.ofHours(1)); // the popups are shown
        h.engine.stop(STORE, ended.id(), StopReason.MANUAL);

        h.engine.ordersPlaced(List.of(
                new Order(STORE, "o1", "c1", null, new BigDecimal("20"), h.clock.instant()),
                new Order(STORE, "o2", null, "u2", new BigDecimal("30"), h.clock.instant()),
                new Order(STORE, "o3", "c3", "u3", new BigDecimal("40"), h.clock.instant()),
                new Order(STORE, "o4", "c9", "u9", new BigDecimal("50"), h.clock.instant())));

        for (RecoverySequence sequence : List.of(byCart, byCustomer)) {
            assertThat(h.reload(sequence).stopReason()).isEqualTo(StopReason.PURCHASED);
            assertThat(eventsOf(sequence)).extracting(RecoveryEvent::type).endsWith(EventType.CART_RECOVERED,
                    EventType.SEQUENCE_STOPPED);
        }
        assertThat(h.reload(ended).stopReason()).isEqualTo(StopReason.MANUAL);
        assertThat(eventsOf(ended)).filteredOn(e -> e.type() == EventType.CART_RECOVERED)
                .singleElement().satisfies(e -> assertThat(e.value()).isEqualByComparingTo("40"));

        h.engine.ordersPlaced(List.of(new Order(STORE, "o5", "c3", "u3", BigDecimal.ONE, h.clock.instant())));
        assertThat(eventsOf(ended)).filteredOn(e -> e.type() == EventType.CART_RECOVERED).hasSize(1);
    }

    @Test
    void aBadOrderFailsTheWholeBatch() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        Order good = new Order(STORE, "o1", "c1", "u1", BigDecimal.TEN, h.clock.instant());

        assertThatThrownBy(() -> h.engine.ordersPlaced(List.of(good, good)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("orders[1].orderId repeats");
        assertThatThrownBy(() -> h.engine.ordersPlaced(List.of(good,
                new Order("nowhere", "o2", "c1", "u1", BigDecimal.TEN, T0))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("orders[1].storeId");

        assertThat(h.reload(sequence).isActive()).isTrue();
    }

    @Test
    void aConcurrentStartOfTheSameCustomerIsReadAgainAndSuperseded() {
        AtomicInteger writes = new AtomicInteger();
        RecoveryStore heap = RecoveryStore.inMemory();
        RecoveryEngine[] engine = new RecoveryEngine[1];
        AtomicBoolean otherNode = new AtomicBoolean();
        RecoveryStore interfering = intercept(heap, "writeBatch", args -> {
            if (otherNode.get()) {
                return true; // the other node's own start, itself a batch of one
            }
            if (writes.incrementAndGet() == 1) { // between the batch's read and its write, another node starts one
                otherNode.set(true);
                engine[0].cartUpdated(Fixtures.cart(STORE, "c0", "u1", T0), Fixtures.customer(STORE, "u1"));
                engine[0].cartAbandoned(STORE, "c0", T0);
                otherNode.set(false);
            }
            return true;
        });
        engine[0] = engine(interfering);

        List<RecoverySequence> started = engine[0].cartsAbandoned(List.of(
                new Abandonment(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"), T0)));

        assertThat(writes).hasValue(2);
        assertThat(heap.activeSequenceOfCustomer(STORE, "u1")).contains(started.get(0));
        assertThat(heap.sequencesOfCart(STORE, "c0")).singleElement()
                .satisfies(s -> assertThat(s.stopReason()).isEqualTo(StopReason.SUPERSEDED));
    }

    @Test
    void aBatchThatKeepsLosingGivesUpWithAConflictAndWritesNothing() {
        RecoveryStore heap = RecoveryStore.inMemory();
        AtomicInteger writes = new AtomicInteger();
        RecoveryStore losing = intercept(heap, "writeBatch", args -> {
            writes.incrementAndGet();
            return false;
        });
        RecoveryEngine engine = engine(losing);

        assertThatThrownBy(() -> engine.cartsAbandoned(List.of(
                new Abandonment(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"), T0))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("contention");
        assertThat(writes).hasValue(10);
        assertThat(heap.cart(STORE, "c1")).isEmpty();
    }

    private RecoveryEngine engine(RecoveryStore store) {
        return RecoveryEngine.builder().store(store).clock(h.clock).scheduler(Scheduler.virtualTime(h.clock))
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
    }

    /**
     * {@code store} with a hook before {@code method}: the hook returning {@code false} answers {@code false}
     * without calling the store.
     */
    private static RecoveryStore intercept(RecoveryStore store, String method, Predicate<Object[]> hook) {
        return (RecoveryStore) Proxy.newProxyInstance(RecoveryStore.class.getClassLoader(),
                new Class<?>[] {RecoveryStore.class}, (proxy, called, args) -> {
                    if (called.getName().equals(method) && !hook.test(args)) {
                        return false;
                    }
                    try {
                        return called.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

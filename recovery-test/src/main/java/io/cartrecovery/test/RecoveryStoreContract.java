package io.cartrecovery.test;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.spi.WebhookReceipts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The behaviour every {@link RecoveryStore} must have. An implementation's test extends this class and returns
 * an empty store from {@link #newStore()}; each test gets a fresh one. It runs {@link WebhookReceiptsContract} too.
 */
public abstract class RecoveryStoreContract implements WebhookReceiptsContract {
    protected static final String A = "store-a";
    protected static final String B = "store-b";

    protected RecoveryStore store;

    /** An empty store: no settings, carts, sequences or events of any store. */
    protected abstract RecoveryStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Override
    public WebhookReceipts receipts() {
        return store;
    }

    // --- fixtures ---

    protected static RecoverySequence sequence(String storeId, String id, String cartId, String customerId,
                                               Instant firstDue) {
        Cart cart = Fixtures.cart(storeId, cartId, customerId, T0);
        return RecoverySequence.start(id, cart, SequenceType.FIRST_TIME, null,
                SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, firstDue, T0);
    }

    protected static RecoveryEvent event(RecoverySequence sequence, EventType type, Instant at) {
        return RecoveryEvent.of(sequence, type, null, null, null, at);
    }

    private static RecoveryEvent started(RecoverySequence sequence) {
        return RecoveryEvent.of(sequence, EventType.SEQUENCE_STARTED, null, new BigDecimal("171.50"), "FIRST_TIME", T0);
    }

    // --- settings ---

    @Test
    void settingsRoundTripExactlyAndAreReplaced() {
        assertThat(store.settings(A)).isEmpty();
        StoreSettings settings = StoreSettings.builder(A)
                .locale(Locale.forLanguageTag("de-CH"))
                .timeZone(ZoneId.of("Europe/Zurich"))
                .abandonAfter(Duration.ofMinutes(45))
                .requireMarketingConsent(false)
                .highValueThreshold(new BigDecimal("750.50"))
                .lowStockThreshold(3)
                .expireAfter(Duration.ofDays(10))
                .policy(SequencePolicy.defaults(SequenceType.HIGH_VALUE)
                        .withIncentive(SequencePolicy.EMAIL_72H, new Incentive("SAVE10", new BigDecimal("10.0"))))
                .build();
        store.saveSettings(settings);
        assertThat(store.settings(A)).contains(settings);

        StoreSettings changed = settings.toBuilder().lowStockThreshold(9).build();
        store.saveSettings(changed);
        assertThat(store.settings(A)).contains(changed);
        assertThat(store.settings(B)).isEmpty();
    }

    // --- carts and customers ---

    @Test
    void cartRoundTripsExactlyWithItsAbandonmentDueTime() {
        Cart cart = new Cart(A, "c1", "u1", null, Currency.getInstance("EUR"),
                List.of(new CartItem("SKU-9", "Écharpe en laine", 2, new BigDecimal("19.90"), null, 0),
                        CartItem.of("SKU-10", "Mütze", 1, new BigDecimal("5"))),
                new BigDecimal("44.80"), null, T0);
        store.saveCart(cart, T0.plusSeconds(1800));

        assertThat(store.cart(A, "c1")).contains(cart);
        assertThat(store.cart(A, "c1").orElseThrow().total().scale()).isEqualTo(2);
        assertThat(store.abandonmentDueAt(A, "c1")).contains(T0.plusSeconds(1800));

        store.saveCart(cart.withLastActivityAt(T0.plusSeconds(60)), null);
        assertThat(store.cart(A, "c1").orElseThrow().lastActivityAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.abandonmentDueAt(A, "c1")).isEmpty();
    }

    @Test
    void deletedCartIsGoneButItsSequencesStay() {
        store.saveCart(Fixtures.cart(A, "c1", "u1", T0), T0.plusSeconds(60));
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(sequence, List.of());

        store.deleteCart(A, "c1");

        assertThat(store.cart(A, "c1")).isEmpty();
        assertThat(store.abandonmentDueAt(A, "c1")).isEmpty();
        assertThat(store.sequencesOfCart(A, "c1")).containsExactly(sequence);
        assertThat(store.dueTimers(T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void customerRoundTripsExactlyIncludingNullFields() {
        Customer full = new Customer(A, "u1", "alex@example.com", "Alex", Locale.forLanguageTag("fr-CA"),
                ZoneId.of("America/Montreal"), 3, new BigDecimal("1234.5600"), false);
        Customer sparse = new Customer(A, "u2", null, null, null, null, 0, BigDecimal.ZERO, true);
        store.saveCustomer(full);
        store.saveCustomer(sparse);

        assertThat(store.customer(A, "u1")).contains(full);
        assertThat(store.customer(A, "u1").orElseThrow().lifetimeValue().scale()).isEqualTo(4);
        assertThat(store.customer(A, "u2")).contains(sparse);
        assertThat(store.customer(A, "missing")).isEmpty();

        Customer changed = new Customer(A, "u1", "alex@example.com", "Alex", Locale.GERMAN, ZoneId.of("UTC"), 4,
                BigDecimal.TEN, true);
        store.saveCustomer(changed);
        assertThat(store.customer(A, "u1")).contains(changed);
    }

    // --- sequences ---

    @Test
    void insertStoresTheSequenceAndItsEvents() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(sequence, List.of(started(sequence)));

        assertThat(store.sequence(A, "s1")).contains(sequence);
        assertThat(store.activeSequenceOfCustomer(A, "u1")).contains(sequence);
        assertThat(store.eventsOfSequence(A, "s1")).containsExactly(started(sequence));
        assertThat(store.sequence(A, "missing")).isEmpty();
    }

    @Test
    void fullSequenceHistoryRoundTripsExactly() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(sequence, List.of());
        RecoverySequence claimed = sequence.claim(T0.plusSeconds(3600), Duration.ofMinutes(5));
        RecoverySequence advanced = claimed
                .advance(new StepOutcome("POPUP_1H", StepStatus.SKIPPED, "NO_STOREFRONT_TOKEN", 1,
                        T0.plusSeconds(3601).plusNanos(123_000)), T0.plusSeconds(7200), T0.plusSeconds(3601))
                .withUnreachable(Channel.POPUP);
        RecoverySequence stopped = advanced.stop(StopReason.PURCHASED, T0.plusSeconds(5000));

        assertThat(store.compareAndSet(sequence, claimed, List.of())).isTrue();
        assertThat(store.sequence(A, "s1")).contains(claimed);
        assertThat(store.compareAndSet(claimed, advanced, List.of())).isTrue();
        assertThat(store.sequence(A, "s1")).contains(advanced);
        assertThat(store.compareAndSet(advanced, stopped, List.of())).isTrue();
        assertThat(store.sequence(A, "s1")).contains(stopped);
    }

    @Test
    void secondActiveSequenceOfACustomerConflictsAndStoresNothing() {
        RecoverySequence first = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(first, List.of(started(first)));
        RecoverySequence second = sequence(A, "s2", "c2", "u1", T0.plusSeconds(3600));

        assertThatThrownBy(() -> store.insert(second, List.of(started(second))))
                .isInstanceOf(ConflictException.class);

        assertThat(store.sequence(A, "s2")).isEmpty();
        assertThat(store.eventsOfSequence(A, "s2")).isEmpty();
        assertThat(store.activeSequenceOfCustomer(A, "u1")).contains(first);
        // Another store's customer with the same id is a different customer.
        store.insert(sequence(B, "s2", "c2", "u1", T0.plusSeconds(3600)), List.of());
    }

    @Test
    void insertingAnExistingIdConflicts() {
        store.insert(sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600)), List.of());
        assertThatThrownBy(() -> store.insert(sequence(A, "s1", "c2", "u2", T0.plusSeconds(3600)), List.of()))
                .isInstanceOf(ConflictException.class);
        assertThat(store.sequence(A, "s1").orElseThrow().customerId()).isEqualTo("u1");
    }

    @Test
    void insertRejectsASequenceThatIsNotNew() {
        RecoverySequence claimed = sequence(A, "s1", "c1", "u1", T0).claim(T0, Duration.ofMinutes(1));
        assertThatThrownBy(() -> store.insert(claimed, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }

    @Test
    void aCustomerWhoseSequenceEndedCanStartAnother() {
        RecoverySequence first = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(first, List.of());
        assertThat(store.compareAndSet(first, first.stop(StopReason.SUPERSEDED, T0), List.of())).isTrue();
        assertThat(store.activeSequenceOfCustomer(A, "u1")).isEmpty();

        RecoverySequence second = sequence(A, "s2", "c2", "u1", T0.plusSeconds(3600));
        store.insert(second, List.of());
        assertThat(store.activeSequenceOfCustomer(A, "u1")).contains(second);
    }

    @Test
    void compareAndSetReplacesTheCurrentVersionAndAppendsItsEvents() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(sequence, List.of(started(sequence)));
        RecoverySequence claimed = sequence.claim(T0.plusSeconds(3600), Duration.ofMinutes(5));
        RecoveryEvent e1 = event(sequence, EventType.MESSAGE_FALLBACK, T0.plusSeconds(3600));
        RecoveryEvent e2 = event(sequence, EventType.STEP_SENT, T0.plusSeconds(3601));

        assertThat(store.compareAndSet(sequence, claimed, List.of(e1, e2))).isTrue();

        assertThat(store.sequence(A, "s1")).contains(claimed);
        assertThat(store.eventsOfSequence(A, "s1")).containsExactly(started(sequence), e1, e2);
    }

    @Test
    void staleCompareAndSetChangesNothingAndAppendsNoEvent() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(sequence, List.of());
        RecoverySequence winner = sequence.claim(T0.plusSeconds(3600), Duration.ofMinutes(5));
        assertThat(store.compareAndSet(sequence, winner, List.of())).isTrue();

        RecoverySequence loser = sequence.stop(StopReason.MANUAL, T0.plusSeconds(3600));
        assertThat(store.compareAndSet(sequence, loser, List.of(event(loser, EventType.SEQUENCE_STOPPED, T0))))
                .isFalse();

        assertThat(store.sequence(A, "s1")).contains(winner);
        assertThat(store.eventsOfSequence(A, "s1")).isEmpty();
        assertThat(store.compareAndSet(sequence(A, "nope", "c9", "u9", T0), sequence(A, "nope", "c9", "u9", T0)
                .claim(T0, Duration.ofMinutes(1)), List.of())).isFalse();
    }

    @Test
    void aClaimTakesTheLeaseOnceAndAStaleClaimChangesNothing() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of(started(sequence)));
        RecoverySequence claimed = sequence.claim(T0, Duration.ofMinutes(5));

        assertThat(store.claim(sequence, claimed)).isTrue();
        assertThat(store.claim(sequence, sequence.claim(T0.plusSeconds(1), Duration.ofMinutes(5)))).isFalse();

        assertThat(store.sequence(A, "s1")).contains(claimed);
        assertThat(store.eventsOfSequence(A, "s1")).containsExactly(started(sequence));
    }

    @Test
    void aClaimThatTakesNoLeaseIsRefusedAndChangesNothing() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of());

        assertThatThrownBy(() -> store.claim(sequence, sequence.retryAt(T0.plusSeconds(60))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claimed");
        assertThat(store.sequence(A, "s1")).contains(sequence);
    }

    @Test
    void stepContextIsTheSequenceWithItsCartCustomerAndEmailSuppression() {
        Cart cart = Fixtures.cart(A, "c1", "u1", T0);
        Customer customer = new Customer(A, "u1", "Alex@Example.com", "Alex", null, null, 0, BigDecimal.ZERO, true);
        store.saveCart(cart, null);
        store.saveCustomer(customer);
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0.plusSeconds(3600));
        store.insert(sequence, List.of());

        assertThat(store.stepContext(A, "s1")).contains(new StepContext(sequence, cart, customer, false));

        store.suppress(A, SuppressionKey.email("alex@example.com"), "BOUNCED", T0);
        store.suppress(A, SuppressionKey.customer("u1"), "OPTED_OUT", T0); // not the email address
        assertThat(store.stepContext(A, "s1")).contains(new StepContext(sequence, cart, customer, true));

        store.deleteCart(A, "c1");
        store.saveCustomer(Customer.of(A, "u1", "other@example.com"));
        assertThat(store.stepContext(A, "s1")).contains(
                new StepContext(sequence, null, Customer.of(A, "u1", "other@example.com"), false));
        store.saveCustomer(Customer.of(A, "u1", null));
        assertThat(store.stepContext(A, "s1").orElseThrow().emailSuppressed()).isFalse();

        RecoverySequence orphan = sequence(A, "s2", "c2", "u2", T0);
        store.insert(orphan, List.of());
        assertThat(store.stepContext(A, "s2")).contains(new StepContext(orphan, null, null, false));
        assertThat(store.stepContext(A, "nope")).isEmpty();
        assertThat(store.stepContext(B, "s1")).isEmpty();
    }

    @Test
    void sequencesOfACartComeOldestFirst() {
        List<RecoverySequence> expected = new ArrayList<>();
        // Ids out of alphabetical order, so that order by id would be caught.
        for (String id : List.of("s9", "s1", "s5")) {
            RecoverySequence sequence = sequence(A, id, "c1", "u1", T0.plusSeconds(3600));
            store.insert(sequence, List.of());
            RecoverySequence stopped = sequence.stop(StopReason.SUPERSEDED, T0);
            store.compareAndSet(sequence, stopped, List.of());
            expected.add(stopped);
        }
        store.insert(sequence(A, "s0", "c2", "u1", T0.plusSeconds(3600)), List.of());

        assertThat(store.sequencesOfCart(A, "c1")).containsExactlyElementsOf(expected);
        assertThat(store.sequencesOfCart(A, "other")).isEmpty();
        assertThat(store.sequencesOfCart(B, "c1")).isEmpty();
    }

    @Test
    void activeSequencesArePagedInIdOrderWithoutTerminalOnes() {
        List<String> activeIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "s" + (char) ('g' - i);
            RecoverySequence sequence = sequence(A, id, "c" + i, "u" + i, T0.plusSeconds(3600));
            store.insert(sequence, List.of());
            if (i == 3) {
                store.compareAndSet(sequence, sequence.stop(StopReason.MANUAL, T0), List.of());
            } else {
                activeIds.add(id);
            }
        }
        store.insert(sequence(B, "sa0", "c1", "u1", T0), List.of());

        List<String> seen = new ArrayList<>();
        Page<RecoverySequence> page = store.activeSequences(A, PageRequest.first(4));
        assertThat(page.items()).hasSize(4);
        page.items().forEach(s -> seen.add(s.id()));
        assertThat(page.hasNext()).isTrue();
        page = store.activeSequences(A, new PageRequest(page.nextCursor(), 4));
        page.items().forEach(s -> seen.add(s.id()));
        assertThat(page.hasNext()).isFalse();

        assertThat(seen).containsExactlyElementsOf(activeIds.stream().sorted().toList());
        assertThat(store.activeSequences("store-none", PageRequest.first(10)).items()).isEmpty();
        Page<RecoverySequence> exact = store.activeSequences(A, PageRequest.first(6));
        assertThat(exact.items()).hasSize(6);
        assertThat(exact.hasNext()).isFalse();
    }

    // --- timers ---

    @Test
    void dueTimersComeEarliestFirstAcrossStoresAndKinds() {
        RecoverySequence late = sequence(A, "s1", "c1", "u1", T0.plusSeconds(300));
        RecoverySequence early = sequence(B, "s2", "c2", "u2", T0.plusSeconds(100));
        RecoverySequence future = sequence(A, "s3", "c3", "u3", T0.plusSeconds(10_000));
        RecoverySequence ended = sequence(A, "s4", "c4", "u4", T0.plusSeconds(50));
        for (RecoverySequence s : List.of(late, early, future, ended)) {
            store.insert(s, List.of());
        }
        store.compareAndSet(ended, ended.stop(StopReason.MANUAL, T0), List.of());
        store.saveCart(Fixtures.cart(A, "c5", "u5", T0), T0.plusSeconds(200));
        store.saveCart(Fixtures.cart(B, "c6", "u6", T0), T0.plusSeconds(20_000));
        store.saveCart(Fixtures.cart(B, "c7", "u7", T0), null);

        Instant now = T0.plusSeconds(300);
        assertThat(keys(store.dueTimers(now, 10))).containsExactly(
                TimerKey.sequence(B, "s2"), TimerKey.cart(A, "c5"), TimerKey.sequence(A, "s1"));
        assertThat(keys(store.dueTimers(now, 2))).containsExactly(TimerKey.sequence(B, "s2"), TimerKey.cart(A, "c5"));
        assertThat(store.dueTimers(T0, 10)).isEmpty();
    }

    @Test
    void aClaimedStepIsDueAgainWhenItsLeaseEnds() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of());
        RecoverySequence claimed = sequence.claim(T0, Duration.ofMinutes(5));
        assertThat(store.claim(sequence, claimed)).isTrue();

        assertThat(store.dueTimers(T0.plusSeconds(299), 10)).isEmpty();
        assertThat(keys(store.dueTimers(T0.plusSeconds(300), 10))).containsExactly(TimerKey.sequence(A, "s1"));
    }

    // --- events ---

    @Test
    void eventsInARangeComeInAppendOrderFromInclusiveToExclusive() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        RecoveryEvent at0 = event(sequence, EventType.SEQUENCE_STARTED, T0);
        RecoveryEvent at10 = event(sequence, EventType.STEP_SENT, T0.plusSeconds(10));
        RecoveryEvent at5 = new RecoveryEvent(A, EventType.MESSAGE_OPENED, "s1", "c1", "u1", "EMAIL_2H", "B",
                new BigDecimal("0.00"), "detail", T0.plusSeconds(5).plusNanos(1_000));
        RecoveryEvent at20 = event(sequence, EventType.SEQUENCE_COMPLETED, T0.plusSeconds(20));
        store.insert(sequence, List.of(at0));
        store.append(List.of(at10, at5, at20));
        store.append(List.of(new RecoveryEvent(B, EventType.CUSTOMER_OPTED_OUT, null, null, "u1", null, null, null,
                null, T0.plusSeconds(5))));

        assertThat(store.events(A, T0, T0.plusSeconds(20))).containsExactly(at0, at10, at5);
        assertThat(store.events(A, T0.plusSeconds(5), T0.plusSeconds(21))).containsExactly(at10, at5, at20);
        assertThat(store.events(A, T0.plusSeconds(30), T0.plusSeconds(40))).isEmpty();
        assertThat(store.events(B, T0, T0.plusSeconds(40))).hasSize(1);
        assertThat(store.eventsOfSequence(A, "s1")).containsExactly(at0, at10, at5, at20);
        assertThat(store.eventsOfSequence(B, "s1")).isEmpty();
    }

    // --- suppression ---

    @Test
    void suppressionIsPerStoreAndKindAndIdempotent() {
        assertThat(store.suppress(A, SuppressionKey.customer("u1"), "OPTED_OUT", T0)).isTrue();
        assertThat(store.suppress(A, SuppressionKey.customer("u1"), "OPTED_OUT", T0.plusSeconds(1))).isFalse();
        assertThat(store.suppress(A, SuppressionKey.email("Alex@Example.com"), "PERMANENT_FAILURE", T0)).isTrue();

        assertThat(store.isSuppressed(A, SuppressionKey.customer("u1"))).isTrue();
        assertThat(store.isSuppressed(A, SuppressionKey.email("alex@example.com"))).isTrue();
        assertThat(store.isSuppressed(A, SuppressionKey.email("u1@example.com"))).isFalse();
        assertThat(store.isSuppressed(A, new SuppressionKey(SuppressionKey.Kind.EMAIL,
                SuppressionKey.customer("u1").value()))).isFalse();
        assertThat(store.isSuppressed(A, SuppressionKey.customer("u2"))).isFalse();
        assertThat(store.isSuppressed(B, SuppressionKey.customer("u1"))).isFalse();
    }

    @Test
    void anEventWithAKeyIsAppendedOncePerStore() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of());
        RecoveryEvent open = event(sequence, EventType.MESSAGE_OPENED, T0.plusSeconds(5));
        RecoveryEvent again = event(sequence, EventType.MESSAGE_OPENED, T0.plusSeconds(9));
        RecoverySequence other = sequence(B, "s1", "c1", "u1", T0);
        store.insert(other, List.of());

        assertThat(store.appendOnce(open, "open:s1:POPUP_1H")).isTrue();
        assertThat(store.appendOnce(again, "open:s1:POPUP_1H")).isFalse();
        assertThat(store.appendOnce(event(other, EventType.MESSAGE_OPENED, T0), "open:s1:POPUP_1H")).isTrue();

        assertThat(store.eventsOfSequence(A, "s1")).containsExactly(open);
        assertThat(store.eventsOfSequence(B, "s1")).hasSize(1);
        assertThatThrownBy(() -> store.appendOnce(open, "x".repeat(RecoveryStore.MAX_EVENT_KEY_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    }

    @Test
    void ofConcurrentAppendsWithOneKeyExactlyOneWins() throws Exception {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of());
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Boolean>> wins = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                wins.add(pool.submit(() -> {
                    start.await();
                    return store.appendOnce(event(sequence, EventType.MESSAGE_CLICKED, T0.plusSeconds(thread)),
                            "click:s1");
                }));
            }
            int won = 0;
            for (Future<Boolean> win : wins) {
                won += win.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(store.eventsOfSequence(A, "s1")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- isolation ---

    @Test
    void aPopupIsTakenOnceReplacedByANewerOneAndNotAfterItExpires() {
        PendingPopup first = new PendingPopup(A, "sf-1", "seq-1", "POPUP_1H", "Still thinking?", "Your cart waits.",
                "Back to cart", "SAVE10", "https://shop.example.com/cart/1", T0.plus(Duration.ofHours(1)));
        PendingPopup newer = new PendingPopup(A, "sf-1", "seq-2", "POPUP_1H", "Welcome back", "It is all here.",
                "Checkout", null, null, T0.plus(Duration.ofHours(2)));
        store.savePopup(first);
        store.savePopup(newer);

        assertThat(store.takePopup(B, "sf-1", T0)).isEmpty();
        assertThat(store.takePopup(A, "sf-1", T0)).contains(newer);
        assertThat(store.takePopup(A, "sf-1", T0)).isEmpty();

        store.savePopup(first);
        assertThat(store.takePopup(A, "sf-1", T0.plus(Duration.ofHours(1)).plusSeconds(1))).isEmpty();
        assertThat(store.takePopup(A, "sf-1", T0)).as("an expired popup is removed, not kept").isEmpty();
    }

    // --- batches ---

    @Test
    void readBatchFindsTheCartsWithTheirSequencesAndTheCustomersWithTheirActiveSequenceAndOptOut() {
        Cart watched = Fixtures.cart(A, "c1", "u1", T0);
        store.saveCart(watched, T0.plusSeconds(60));
        Cart quiet = Fixtures.cart(A, "c2", "u2", T0);
        store.saveCart(quiet, null);
        store.saveCustomer(Fixtures.customer(A, "u1"));
        RecoverySequence old = sequence(A, "s0", "c1", "u1", T0);
        store.insert(old, List.of());
        store.compareAndSet(old, old.stop(StopReason.SUPERSEDED, T0), List.of());
        RecoverySequence current = sequence(A, "s1", "c1", "u1", T0);
        store.insert(current, List.of());
        RecoverySequence ofOtherCart = sequence(A, "s3", "c3", "u3", T0);
        store.insert(ofOtherCart, List.of());
        store.suppress(A, SuppressionKey.customer("u2"), "OPTED_OUT", T0);
        store.suppress(A, SuppressionKey.email("u3@example.com"), "BOUNCED", T0);
        store.saveCart(Fixtures.cart(B, "c2", "u2", T0), T0);
        store.insert(sequence(B, "s2", "c2", "u2", T0), List.of());

        BatchState state = store.readBatch(A, List.of("c1", "c2", "c9"), List.of("u1", "u2", "u3", "u9"));

        assertThat(state.carts()).containsOnly(entry("c1", watched), entry("c2", quiet));
        assertThat(state.watchedCarts()).containsExactly("c1");
        assertThat(state.customers()).containsOnly(entry("u1", Fixtures.customer(A, "u1")));
        assertThat(state.sequencesOf("c1")).containsExactly(old.stop(StopReason.SUPERSEDED, T0), current);
        assertThat(state.sequencesOfCarts()).containsOnlyKeys("c1");
        assertThat(state.activeSequences()).containsOnly(entry("u1", current), entry("u3", ofOtherCart));
        assertThat(state.optedOut()).containsExactly("u2");
        assertThat(store.readBatch(B, List.of("c1"), List.of("u1")))
                .isEqualTo(new BatchState(Map.of(), Set.of(), Map.of(), Map.of(), Map.of(), Set.of()));
    }

    @Test
    void writeBatchSavesCartsAndCustomersStopsStartsAndAppendsAtOnce() {
        store.saveCart(Fixtures.cart(A, "c1", "u1", T0), T0.plusSeconds(60));
        RecoverySequence superseded = sequence(A, "s1", "c1", "u1", T0);
        store.insert(superseded, List.of());
        RecoverySequence stopped = superseded.stop(StopReason.SUPERSEDED, T0);
        RecoverySequence next = sequence(A, "s2", "c2", "u1", T0);
        RecoverySequence other = sequence(A, "s3", "c3", "u3", T0);
        Cart cart = Fixtures.cart(A, "c2", "u1", T0.plusSeconds(5));
        RecoveryEvent late = event(superseded, EventType.CART_RECOVERED, T0);

        assertThat(store.writeBatch(new BatchWrite(A, List.of(Fixtures.customer(A, "u1")),
                List.of(cart, Fixtures.cart(A, "c1", "u1", T0)),
                List.of(new BatchWrite.Change(superseded, stopped, List.of(event(stopped, EventType.SEQUENCE_STOPPED, T0)))),
                List.of(new BatchWrite.Start(next, List.of(started(next))), new BatchWrite.Start(other, List.of())),
                List.of(late)))).isTrue();

        assertThat(store.customer(A, "u1")).contains(Fixtures.customer(A, "u1"));
        assertThat(store.cart(A, "c2")).contains(cart);
        assertThat(store.abandonmentDueAt(A, "c1")).isEmpty();
        assertThat(store.sequence(A, "s1")).contains(stopped);
        assertThat(store.activeSequenceOfCustomer(A, "u1")).contains(next);
        assertThat(store.activeSequenceOfCustomer(A, "u3")).contains(other);
        assertThat(store.sequencesOfCart(A, "c2")).containsExactly(next);
        assertThat(store.eventsOfSequence(A, "s1")).containsExactly(event(stopped, EventType.SEQUENCE_STOPPED, T0), late);
        assertThat(store.eventsOfSequence(A, "s2")).containsExactly(started(next));
        assertThat(keys(store.dueTimers(T0.plusSeconds(3600), 10))).containsExactlyInAnyOrder(
                TimerKey.sequence(A, "s2"), TimerKey.sequence(A, "s3"));
        assertThat(store.sequencesWithEvent(A, List.of("s1", "s2", "s9"), EventType.CART_RECOVERED))
                .containsExactly("s1");
    }

    @Test
    void writeBatchWithOneStaleCompareAndSetWritesNothing() {
        RecoverySequence first = sequence(A, "s1", "c1", "u1", T0);
        RecoverySequence second = sequence(A, "s2", "c2", "u2", T0);
        store.insert(first, List.of());
        store.insert(second, List.of());
        RecoverySequence winner = second.claim(T0, Duration.ofMinutes(1));
        store.compareAndSet(second, winner, List.of());

        assertBatchWritesNothing(List.of(
                new BatchWrite.Change(first, first.stop(StopReason.PURCHASED, T0), List.of(event(first,
                        EventType.CART_RECOVERED, T0))),
                new BatchWrite.Change(second, second.stop(StopReason.PURCHASED, T0), List.of())), List.of());
        assertThat(store.sequence(A, "s1")).contains(first);
        assertThat(store.sequence(A, "s2")).contains(winner);
    }

    @Test
    void writeBatchStartingASecondActiveSequenceOfACustomerWritesNothing() {
        RecoverySequence running = sequence(A, "s1", "c1", "u1", T0);
        store.insert(running, List.of());
        RecoverySequence fresh = sequence(A, "s2", "c2", "u2", T0);

        assertBatchWritesNothing(List.of(), List.of(new BatchWrite.Start(fresh, List.of(started(fresh))),
                new BatchWrite.Start(sequence(A, "s3", "c3", "u1", T0), List.of())));
        assertBatchWritesNothing(List.of(), List.of(new BatchWrite.Start(fresh, List.of(started(fresh))),
                new BatchWrite.Start(sequence(A, "s4", "c4", "u2", T0), List.of())));
        assertBatchWritesNothing(List.of(), List.of(new BatchWrite.Start(fresh, List.of(started(fresh))),
                new BatchWrite.Start(sequence(A, "s1", "c5", "u5", T0), List.of())));
        assertThat(store.activeSequenceOfCustomer(A, "u1")).contains(running);
        assertThat(store.sequence(A, "s2")).isEmpty();
        assertThat(store.activeSequenceOfCustomer(A, "u2")).isEmpty();
    }

    private void assertBatchWritesNothing(List<BatchWrite.Change> changes, List<BatchWrite.Start> starts) {
        Cart cart = Fixtures.cart(A, "c7", "u7", T0);
        assertThat(store.writeBatch(new BatchWrite(A, List.of(Fixtures.customer(A, "u7")), List.of(cart), changes,
                starts, List.of(new RecoveryEvent(A, EventType.CUSTOMER_OPTED_OUT, null, null, "u7", null, null,
                        null, null, T0))))).isFalse();
        assertThat(store.customer(A, "u7")).isEmpty();
        assertThat(store.cart(A, "c7")).isEmpty();
        assertThat(store.events(A, T0.minusSeconds(1), T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void writeBatchRejectsItemsOfAnotherStore() {
        assertThatThrownBy(() -> new BatchWrite(A, List.of(Fixtures.customer(B, "u1")), List.of(), List.of(),
                List.of(), List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customers");
        assertThatThrownBy(() -> new BatchWrite(A, List.of(), List.of(), List.of(),
                List.of(new BatchWrite.Start(sequence(B, "s1", "c1", "u1", T0), List.of())), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts");
    }

    @Test
    void oneStoreNeverSeesAnotherStoresData() {
        store.saveSettings(StoreSettings.defaults(A));
        store.saveCart(Fixtures.cart(A, "c1", "u1", T0), T0.plusSeconds(60));
        store.saveCustomer(Fixtures.customer(A, "u1"));
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of(started(sequence)));
        store.suppress(A, SuppressionKey.customer("u1"), "OPTED_OUT", T0);

        assertThat(store.settings(B)).isEmpty();
        assertThat(store.cart(B, "c1")).isEmpty();
        assertThat(store.abandonmentDueAt(B, "c1")).isEmpty();
        assertThat(store.customer(B, "u1")).isEmpty();
        assertThat(store.sequence(B, "s1")).isEmpty();
        assertThat(store.sequencesOfCart(B, "c1")).isEmpty();
        assertThat(store.activeSequenceOfCustomer(B, "u1")).isEmpty();
        assertThat(store.activeSequences(B, PageRequest.first(10)).items()).isEmpty();
        assertThat(store.events(B, T0.minusSeconds(1), T0.plusSeconds(1))).isEmpty();
        assertThat(store.eventsOfSequence(B, "s1")).isEmpty();
        assertThat(store.isSuppressed(B, SuppressionKey.customer("u1"))).isFalse();

        // B's writes under the same ids leave A's data alone.
        store.deleteCart(B, "c1");
        assertThat(store.compareAndSet(sequence(B, "s1", "c1", "u1", T0),
                sequence(B, "s1", "c1", "u1", T0).claim(T0, Duration.ofMinutes(1)), List.of())).isFalse();
        assertThat(store.cart(A, "c1")).isPresent();
        assertThat(store.sequence(A, "s1")).contains(sequence);
    }

    @Test
    void eventsOfAnotherStoreCannotRideOnACompareAndSet() {
        RecoverySequence sequence = sequence(A, "s1", "c1", "u1", T0);
        store.insert(sequence, List.of());
        RecoveryEvent foreign = new RecoveryEvent(B, EventType.STEP_SENT, "s1", "c1", "u1", null, null, null, null, T0);

        assertThatThrownBy(() -> store.compareAndSet(sequence, sequence.claim(T0, Duration.ofMinutes(1)),
                List.of(foreign))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.sequence(A, "s1")).contains(sequence);
        assertThat(store.events(B, T0, T0.plusSeconds(1))).isEmpty();
    }

    private static List<TimerKey> keys(List<DueTimer> timers) {
        return timers.stream().map(DueTimer::key).toList();
    }
}

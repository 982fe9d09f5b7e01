package io.cartrecovery.test;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.spi.PrivacyStore;
import io.cartrecovery.core.spi.WebhookReceipts.Claim;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour of {@link PrivacyStore} every {@link RecoveryStore} must have: erasure of a customer or a store,
 * the customer export and the retention purge. An implementation's test extends this class and returns an empty
 * store from {@link #newStore()}; each test gets a fresh one.
 */
public abstract class PrivacyStoreContract {
    protected static final String A = "store-a";
    protected static final String B = "store-b";
    private static final Instant END = T0.plus(Duration.ofDays(30));

    protected RecoveryStore store;

    /** An empty store: no settings, carts, sequences or events of any store. */
    protected abstract RecoveryStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /**
     * The history of one customer: their record, cart, a sequence that sent, was opened, failed a step with a
     * detail quoting the address, and ended with a purchase, a popup waiting for it, an opt-out event and the
     * opt-out's suppressions.
     */
    protected RecoverySequence history(String storeId, String customerId, String cartId) {
        Customer customer = Fixtures.customer(storeId, customerId);
        store.saveCustomer(customer);
        Cart cart = Fixtures.cart(storeId, cartId, customerId, T0);
        store.saveCart(cart, null);
        RecoverySequence started = RecoverySequence.start("seq-" + storeId + "-" + cartId, cart,
                SequenceType.FIRST_TIME, "B", SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0,
                T0.plus(Duration.ofHours(1)), T0);
        store.insert(started, List.of(RecoveryEvent.of(started, EventType.SEQUENCE_STARTED, null, cart.total(),
                "FIRST_TIME", T0)));
        String step = started.plan().get(1).id();
        store.append(List.of(
                RecoveryEvent.of(started, EventType.STEP_SENT, step, null, null, T0.plus(Duration.ofHours(2))),
                RecoveryEvent.of(started, EventType.MESSAGE_OPENED, step, null, null, T0.plus(Duration.ofHours(3))),
                RecoveryEvent.of(started, EventType.MESSAGE_CLICKED, step, null, cart.restoreUrl(),
                        T0.plus(Duration.ofHours(3))),
                RecoveryEvent.of(started, EventType.STEP_FAILED, step, null, "550 rejected <" + customer.email()
                        + ">", T0.plus(Duration.ofHours(4)))));
        store.savePopup(new PendingPopup(storeId, cart.storefrontToken(), started.id(), started.plan().get(0).id(),
                "Hi Alex", "Your cart is waiting", "Back to cart", null, cart.restoreUrl(), END));
        Instant bought = T0.plus(Duration.ofHours(5));
        RecoverySequence stopped = started.stop(StopReason.PURCHASED, bought);
        assertThat(store.compareAndSet(started, stopped, List.of(
                RecoveryEvent.of(started, EventType.CART_RECOVERED, null, new BigDecimal("171.50"), null, bought),
                RecoveryEvent.of(stopped, EventType.SEQUENCE_STOPPED, null, null, "PURCHASED", bought)))).isTrue();
        store.append(List.of(RecoveryEvent.optedOut(storeId, customerId, T0.plus(Duration.ofHours(6)))));
        store.suppress(storeId, SuppressionKey.customer(customerId), "OPTED_OUT", T0);
        store.suppress(storeId, SuppressionKey.email(customer.email()), "OPTED_OUT", T0);
        return stopped;
    }

    private void histories() {
        store.saveSettings(StoreSettings.defaults(A));
        store.saveSettings(StoreSettings.defaults(B));
        history(A, "c1", "k1");
        history(A, "c2", "k2");
        history(B, "c1", "k1");
    }

    @Test
    void erasingACustomerRemovesTheirRecordCartsSequencesAndPopups() {
        histories();

        assertThat(store.eraseCustomer(A, "c1", END)).isTrue();

        assertThat(store.customer(A, "c1")).isEmpty();
        assertThat(store.cart(A, "k1")).isEmpty();
        assertThat(store.sequence(A, "seq-store-a-k1")).isEmpty();
        assertThat(store.sequencesOfCart(A, "k1")).isEmpty();
        assertThat(store.takePopup(A, "sf-k1", T0)).isEmpty();
        CustomerExport left = store.exportCustomer(A, "c1");
        assertThat(left.customer()).isNull();
        assertThat(left.carts()).isEmpty();
        assertThat(left.sequences()).isEmpty();
        assertThat(left.events()).isEmpty();
        assertThat(left.optedOut()).isTrue(); // the opt-out's digest stays, so that it is still honoured
        // the other customer and the other store keep everything
        assertThat(store.customer(A, "c2")).isPresent();
        assertThat(store.cart(A, "k2")).isPresent();
        assertThat(store.sequence(A, "seq-store-a-k2")).isPresent();
        assertThat(store.takePopup(A, "sf-k2", T0)).isPresent();
        assertThat(store.customer(B, "c1")).isPresent();
        assertThat(store.exportCustomer(B, "c1").events()).hasSize(8);
    }

    @Test
    void erasedEventsStayCountableWithoutPersonalData() {
        histories();
        List<RecoveryEvent> before = store.events(A, T0, END);

        store.eraseCustomer(A, "c1", END);

        List<RecoveryEvent> after = store.events(A, T0, END);
        assertThat(after).extracting(RecoveryEvent::type).containsExactlyElementsOf(
                before.stream().map(RecoveryEvent::type).toList());
        assertThat(after).extracting(RecoveryEvent::at).containsExactlyElementsOf(
                before.stream().map(RecoveryEvent::at).toList());
        assertThat(after).extracting(RecoveryEvent::value).containsExactlyElementsOf(
                before.stream().map(RecoveryEvent::value).toList());
        List<RecoveryEvent> erased = after.stream().filter(e -> !"c2".equals(e.customerId())).toList();
        assertThat(erased).hasSize(8).allSatisfy(event -> {
            assertThat(event.customerId()).isNull();
            assertThat(event.cartId()).isNull();
        });
        assertThat(erased).filteredOn(e -> e.detail() != null).extracting(RecoveryEvent::detail)
                .containsExactly("FIRST_TIME", "PURCHASED");
        assertThat(store.eventsOfSequence(A, "seq-store-a-k1")).hasSize(7);
        assertThat(store.engagement(A, "c1", T0, END)).isEmpty();
        assertThat(store.engagement(A, "c2", T0, END)).hasSize(2);
    }

    @Test
    void erasureKeepsTheAnalyticsReport() {
        histories();
        AnalyticsReport before = store.analytics(StoreSettings.defaults(A), T0, END);

        store.eraseCustomer(A, "c1", END);

        assertThat(store.analytics(StoreSettings.defaults(A), T0, END)).isEqualTo(before);
        assertThat(before.recoveredRevenue()).isEqualByComparingTo("343.00");
    }

    @Test
    void anErasedAddressStaysSuppressedAsADigest() {
        store.saveCustomer(Fixtures.customer(A, "c9"));

        assertThat(store.eraseCustomer(A, "c9", END)).isTrue();

        assertThat(store.isSuppressed(A, SuppressionKey.email("C9@Example.com"))).isTrue();
        assertThat(store.isSuppressed(B, SuppressionKey.email("c9@example.com"))).isFalse();
    }

    @Test
    void erasureIsIdempotentAndAnUnknownCustomerChangesNothing() {
        histories();
        store.eraseCustomer(A, "c1", END);
        List<RecoveryEvent> once = store.events(A, T0, END);

        assertThat(store.eraseCustomer(A, "c1", END)).isFalse();
        assertThat(store.eraseCustomer(A, "nobody", END)).isFalse();
        assertThat(store.eraseCustomer("no-such-store", "c1", END)).isFalse();

        assertThat(store.events(A, T0, END)).isEqualTo(once);
        assertThat(store.isSuppressed(A, SuppressionKey.email("c1@example.com"))).isTrue();
    }

    @Test
    void erasingACustomerEndsTheirActiveSequenceSlot() {
        store.saveCustomer(Fixtures.customer(A, "c1"));
        Cart cart = Fixtures.cart(A, "k1", "c1", T0);
        store.saveCart(cart, T0.plus(Duration.ofMinutes(30)));
        RecoverySequence active = RecoverySequence.start("s-active", cart, SequenceType.FIRST_TIME, null,
                SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plus(Duration.ofHours(1)), T0);
        store.insert(active, List.of());

        store.eraseCustomer(A, "c1", END);

        assertThat(store.activeSequenceOfCustomer(A, "c1")).isEmpty();
        assertThat(store.dueTimers(END, 10)).isEmpty();
        RecoverySequence again = RecoverySequence.start("s-again", cart, SequenceType.FIRST_TIME, null,
                SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plus(Duration.ofHours(1)), T0);
        store.insert(again, List.of());
        assertThat(store.activeSequenceOfCustomer(A, "c1")).contains(again);
    }

    @Test
    void erasingAStoreRemovesAllOfItAndNothingElse() {
        histories();
        Cart watched = Fixtures.cart(A, "k-watched", "c3", T0);
        store.saveCart(watched, T0.plus(Duration.ofMinutes(30)));
        AnalyticsReport other = store.analytics(StoreSettings.defaults(B), T0, END);
        for (String storeId : List.of(A, B)) {
            assertThat(store.claimReceipt(storeId, "webhook-1", T0, T0.plusSeconds(60))).isEqualTo(Claim.CLAIMED);
            store.completeReceipt(storeId, "webhook-1", T0);
        }

        store.eraseStore(A);

        assertThat(store.settings(A)).isEmpty();
        assertThat(store.customer(A, "c2")).isEmpty();
        assertThat(store.cart(A, "k-watched")).isEmpty();
        assertThat(store.sequence(A, "seq-store-a-k2")).isEmpty();
        assertThat(store.events(A, Instant.EPOCH, END)).isEmpty();
        assertThat(store.takePopup(A, "sf-k2", T0)).isEmpty();
        assertThat(store.isSuppressed(A, SuppressionKey.customer("c2"))).isFalse();
        assertThat(store.isSuppressed(A, SuppressionKey.email("c2@example.com"))).isFalse();
        assertThat(store.dueTimers(END, 10)).noneMatch(timer -> timer.key().storeId().equals(A));
        assertThat(store.claimReceipt(A, "webhook-1", END, END.plusSeconds(60))).isEqualTo(Claim.CLAIMED);
        assertThat(store.claimReceipt(B, "webhook-1", END, END.plusSeconds(60))).isEqualTo(Claim.DONE);
        assertThat(store.settings(B)).isPresent();
        assertThat(store.analytics(StoreSettings.defaults(B), T0, END)).isEqualTo(other);
        assertThat(store.exportCustomer(B, "c1").sequences()).hasSize(1);
        store.eraseStore(A); // again: nothing to do
        store.eraseStore("no-such-store");
    }

    @Test
    void theExportHoldsEverythingAboutTheCustomerAndNothingElse() {
        histories();

        CustomerExport export = store.exportCustomer(A, "c1");

        assertThat(export.customer()).isEqualTo(Fixtures.customer(A, "c1"));
        assertThat(export.carts()).containsExactly(Fixtures.cart(A, "k1", "c1", T0));
        assertThat(export.sequences()).extracting(RecoverySequence::id).containsExactly("seq-store-a-k1");
        assertThat(export.sequences().get(0).stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(export.events()).extracting(RecoveryEvent::type).containsExactly(EventType.SEQUENCE_STARTED,
                EventType.STEP_SENT, EventType.MESSAGE_OPENED, EventType.MESSAGE_CLICKED, EventType.STEP_FAILED,
                EventType.CART_RECOVERED, EventType.SEQUENCE_STOPPED, EventType.CUSTOMER_OPTED_OUT);
        assertThat(export.optedOut()).isTrue();
        assertThat(export.emailSuppressed()).isTrue();
        assertThat(export.toJson()).contains("\"email\":\"c1@example.com\"", "\"cartId\":\"k1\"")
                .doesNotContain("k2", "c2@example.com");
        CustomerExport unknown = store.exportCustomer(A, "nobody");
        assertThat(unknown.isEmpty()).isTrue();
        assertThat(store.exportCustomer("no-such-store", "c1").isEmpty()).isTrue();
    }

    @Test
    void thePurgeDeletesWhatOutlivedTheCutoffInBoundedBatches() {
        histories(); // events from T0 to T0+6h; a popup that expires at END
        Cart fresh = Fixtures.cart(A, "k-fresh", "c2", END);
        store.saveCart(fresh, null);
        Cart watched = Fixtures.cart(A, "k-watched", "c2", T0);
        store.saveCart(watched, T0.plus(Duration.ofMinutes(30)));
        Cart running = Fixtures.cart(A, "k-running", "c4", T0);
        store.saveCart(running, null);
        RecoverySequence active = RecoverySequence.start("s-running", running, SequenceType.FIRST_TIME, null,
                SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plus(Duration.ofHours(1)), T0);
        store.insert(active, List.of());
        Instant cutoff = T0.plus(Duration.ofDays(1));

        // at most one of each kind: a sequence (with its 7 events and its popup), an opt-out event, a cart
        assertThat(store.purgeExpired(A, cutoff, T0, 1)).isEqualTo(1 + 7 + 1 + 1 + 1);
        assertThat(store.purgeExpired(A, cutoff, T0, 100)).isEqualTo(1 + 7 + 1 + 1 + 1);
        assertThat(store.purgeExpired(A, cutoff, T0, 100)).isZero();

        assertThat(store.sequence(A, "seq-store-a-k1")).isEmpty();
        assertThat(store.sequence(A, "seq-store-a-k2")).isEmpty();
        assertThat(store.events(A, Instant.EPOCH, END)).isEmpty();
        assertThat(store.cart(A, "k1")).isEmpty();
        assertThat(store.cart(A, "k2")).isEmpty();
        assertThat(store.takePopup(A, "sf-k1", T0)).isEmpty(); // went with its sequence
        assertThat(store.cart(A, "k-fresh")).contains(fresh);
        assertThat(store.cart(A, "k-watched")).contains(watched);
        assertThat(store.cart(A, "k-running")).contains(running);
        assertThat(store.sequence(A, "s-running")).contains(active);
        assertThat(store.customer(A, "c1")).isPresent(); // customer records are not the purge's
        assertThat(store.exportCustomer(B, "c1").events()).hasSize(8);
    }

    @Test
    void aSequenceWithARecentEventAndUnexpiredPopupsStay() {
        store.saveSettings(StoreSettings.defaults(A));
        RecoverySequence ended = history(A, "c1", "k1");
        store.append(List.of(RecoveryEvent.of(ended, EventType.MESSAGE_CLICKED, null, null, null, END)));

        int purged = store.purgeExpired(A, T0.plus(Duration.ofDays(1)), T0, 100);

        assertThat(purged).isEqualTo(2); // the opt-out event and the cart
        assertThat(store.sequence(A, ended.id())).isPresent();
        assertThat(store.eventsOfSequence(A, ended.id())).hasSize(8);
        assertThat(store.takePopup(A, "sf-k1", T0)).isPresent();
    }

    @Test
    void expiredPopupsArePurged() {
        store.savePopup(new PendingPopup(A, "sf-x", "s-x", "popup", "Hi", "Text", "Go", null,
                "https://shop.example.com/x", T0));
        store.savePopup(new PendingPopup(A, "sf-y", "s-y", "popup", "Hi", "Text", "Go", null,
                "https://shop.example.com/y", END));

        assertThat(store.purgeExpired(A, T0, T0.plusSeconds(1), 100)).isEqualTo(1);

        assertThat(store.takePopup(A, "sf-x", T0)).isEmpty();
        assertThat(store.takePopup(A, "sf-y", T0)).isPresent();
    }
}

package io.cartrecovery.core;

import io.cartrecovery.core.links.InvalidLinkException;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed links, tracking and the popup channel, end to end through the engine. */
class EngagementTest {
    private static final String A = "store-a";
    private static final String B = "store-b";
    private static final byte[] KEY = "a-32-byte-long-secret-for-testing!!".getBytes(StandardCharsets.UTF_8);

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecoveryStore store = RecoveryStore.inMemory();

    private RecoveryEngine engine(boolean tracking) {
        SignedLinks links = SignedLinks.of(clock, List.of(
                StoreLinks.builder(A).baseUrl(URI.create("https://track.example.com/r/a"))
                        .redirectHost("shop.example.com").trackingEnabled(tracking).key("k1", KEY).build(),
                StoreLinks.builder(B).baseUrl(URI.create("https://track.example.com/r/b"))
                        .redirectHost("shop.example.com").key("k1", KEY).build()));
        return RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler).random(new SplittableRandom(1))
                .links(links).sender(Channel.EMAIL, email)
                .configureStore(StoreSettings.builder(A).exactTiming().build())
                .configureStore(StoreSettings.builder(B).exactTiming().build()).build();
    }

    private RecoverySequence abandon(RecoveryEngine engine, String storeId) {
        engine.cartUpdated(Fixtures.cart(storeId, "c1", "u1", clock.instant()), Fixtures.customer(storeId, "u1"));
        return engine.cartAbandoned(storeId, "c1", clock.instant()).orElseThrow();
    }

    private static String token(URI url) {
        String query = url.getRawQuery();
        return URLDecoder.decode(query.substring(query.indexOf("t=") + 2), StandardCharsets.UTF_8);
    }

    private static String attribute(String html, String prefix) {
        int start = html.indexOf(prefix) + prefix.length();
        return html.substring(start, html.indexOf('"', start)).replace("&amp;", "&");
    }

    @Test
    void emailsCarryASignedUnsubscribeUrlAFooterAndAnOpenPixel() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofHours(2));

        Delivery delivery = email.sent().get(0).delivery();
        assertThat(delivery.unsubscribeUrl().toString()).startsWith("https://track.example.com/r/a/unsubscribe?t=");
        assertThat(delivery.message().textBody()).contains(delivery.unsubscribeUrl().toString());
        assertThat(delivery.message().htmlBody()).contains("https://track.example.com/r/a/open?t=");
        assertThat(delivery.validUntil()).isEqualTo(T0.plus(Duration.ofHours(24)));

        String pixel = "https://track.example.com/r/a/open"; // the product images come before it
        engine.recordOpen(A, token(URI.create(pixel + attribute(delivery.message().htmlBody(), "<img src=\"" + pixel))));

        assertThat(engine.history(A, sequence.id())).filteredOn(e -> e.type() == EventType.MESSAGE_OPENED)
                .singleElement().satisfies(e -> {
                    assertThat(e.stepId()).isEqualTo("EMAIL_2H");
                    assertThat(e.customerId()).isEqualTo("u1");
                });
    }

    @Test
    void theRestoreLinkIsATrackedClickThatRedirectsToTheStore() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofHours(2));
        Delivery delivery = email.sent().get(0).delivery();
        assertThat(delivery.cart().restoreUrl()).startsWith("https://track.example.com/r/a/click?t=");

        URI target = engine.click(A, token(URI.create(delivery.cart().restoreUrl())));

        assertThat(target).isEqualTo(URI.create("https://shop.example.com/cart/c1/restore"));
        assertThat(engine.history(A, sequence.id())).extracting(RecoveryEvent::type).contains(EventType.MESSAGE_CLICKED);
    }

    @Test
    void forgedCrossStoreAndForeignTargetTokensRecordNothing() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        SignedLinks links = SignedLinks.of(clock, List.of(StoreLinks.builder(A)
                .baseUrl(URI.create("https://track.example.com/r/a")).key("k1", KEY).build()));
        String foreign = links.sign(A, LinkPurpose.CLICK, sequence.id(), "EMAIL_2H", "https://evil.example.net/");
        String unsubscribe = links.sign(A, LinkPurpose.UNSUBSCRIBE, sequence.id(), "EMAIL_2H", null);
        int before = engine.history(A, sequence.id()).size();

        assertThatThrownBy(() -> engine.click(A, foreign)).isInstanceOf(InvalidLinkException.class);
        assertThatThrownBy(() -> engine.unsubscribe(B, unsubscribe)).isInstanceOf(InvalidLinkException.class);
        assertThatThrownBy(() -> engine.recordOpen(A, unsubscribe + "x")).isInstanceOf(InvalidLinkException.class);

        assertThat(engine.history(A, sequence.id())).hasSize(before);
        assertThat(engine.sequence(A, sequence.id()).isActive()).isTrue();
    }

    @Test
    void oneClickUnsubscribeStopsTheSequenceAndSuppressesTheAddress() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofHours(2));

        engine.unsubscribe(A, token(email.sent().get(0).delivery().unsubscribeUrl()));

        assertThat(engine.sequence(A, sequence.id()).stopReason()).isEqualTo(StopReason.OPTED_OUT);
        assertThat(store.isSuppressed(A, SuppressionKey.email("u1@example.com"))).isTrue();
        scheduler.advance(Duration.ofDays(4));
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void replayedLinksRecordOnceAndChangeNothingMore() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofHours(2));
        Delivery delivery = email.sent().get(0).delivery();
        String pixel = "https://track.example.com/r/a/open";
        String open = token(URI.create(pixel + attribute(delivery.message().htmlBody(), "<img src=\"" + pixel)));
        String click = token(URI.create(delivery.cart().restoreUrl()));

        for (int i = 0; i < 20; i++) {
            engine.recordOpen(A, open);
            assertThat(engine.click(A, click)).isEqualTo(URI.create("https://shop.example.com/cart/c1/restore"));
            engine.unsubscribe(A, token(delivery.unsubscribeUrl()));
        }

        List<RecoveryEvent> events = store.events(A, T0, T0.plus(Duration.ofDays(1)));
        assertThat(events).filteredOn(e -> e.type() == EventType.MESSAGE_OPENED).hasSize(1);
        assertThat(events).filteredOn(e -> e.type() == EventType.CUSTOMER_OPTED_OUT).hasSize(1);
        assertThat(events).filteredOn(e -> e.type() == EventType.MESSAGE_CLICKED).extracting(RecoveryEvent::detail)
                .containsExactly("https://shop.example.com/cart/c1/restore");
        assertThat(engine.sequence(A, sequence.id()).stopReason()).isEqualTo(StopReason.OPTED_OUT);
    }

    @Test
    void withTrackingOffThereIsNoPixelAndNoClickRewriting() {
        RecoveryEngine engine = engine(false);
        abandon(engine, A);
        scheduler.advance(Duration.ofHours(2));

        Delivery delivery = email.sent().get(0).delivery();
        assertThat(delivery.message().htmlBody()).doesNotContain("/open?t=").doesNotContain("/click?t=");
        assertThat(delivery.cart().restoreUrl()).isEqualTo("https://shop.example.com/cart/c1/restore");
        assertThat(delivery.unsubscribeUrl()).isNotNull();
    }

    @Test
    void aPopupIsHandedOutOnceAndRecordedAsShown() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofMinutes(61));

        assertThat(engine.takePopup(B, "sf-c1")).isEmpty();
        PendingPopup popup = engine.takePopup(A, "sf-c1").orElseThrow();
        assertThat(popup.title()).contains("Merino Wool Sweater");
        assertThat(popup.url()).startsWith("https://track.example.com/r/a/click?t=");
        assertThat(engine.takePopup(A, "sf-c1")).isEmpty();

        assertThat(engine.history(A, sequence.id())).filteredOn(e -> e.type() == EventType.POPUP_SHOWN)
                .singleElement().extracting(RecoveryEvent::stepId).isEqualTo("POPUP_1H");
    }

    @Test
    void aPopupOfASequenceStoppedSinceIsDroppedUnrecorded() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofMinutes(61));
        engine.orderPlaced(new Order(A, "o1", "c1", "u1", java.math.BigDecimal.TEN, clock.instant()));

        assertThat(engine.takePopup(A, "sf-c1")).isEmpty();
        assertThat(engine.history(A, sequence.id())).extracting(RecoveryEvent::type).doesNotContain(EventType.POPUP_SHOWN);
    }

    @Test
    void aPopupNotShownBeforeTheNextStepExpiresUnrecorded() {
        RecoveryEngine engine = engine(true);
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofMinutes(121));

        assertThat(engine.takePopup(A, "sf-c1")).isEmpty();
        assertThat(engine.history(A, sequence.id())).extracting(RecoveryEvent::type).doesNotContain(EventType.POPUP_SHOWN);
    }

    @Test
    void hostReportedBouncesSuppressTheAddressForEverySequence() {
        RecoveryEngine engine = engine(true);
        engine.suppressAddress(A, "U1@example.com", "HARD_BOUNCE");
        RecoverySequence sequence = abandon(engine, A);
        scheduler.advance(Duration.ofDays(4));

        assertThat(email.attempts()).isEmpty();
        assertThat(engine.sequence(A, sequence.id()).outcomes()).filteredOn(o -> o.stepId().startsWith("EMAIL"))
                .extracting(StepOutcome::reason).containsOnly("SUPPRESSED");
        assertThatThrownBy(() -> engine.suppressAddress(A, "not an email", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
    }
}

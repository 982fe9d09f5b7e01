package io.cartrecovery.core;

import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.PurchaseTotal;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cartrecovery.core.EngineHarness.STORE;
import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order counts when it was placed, not when it was reported: attribution, the credited step, the time to
 * recovery and the stop follow {@link Order#placedAt()}, on the single and the batch path alike.
 */
class PurchaseTimeTest {
    /** How the order reaches the engine. */
    enum Path {
        SINGLE, BATCH;

        void place(RecoveryEngine engine, Order order) {
            if (this == SINGLE) {
                engine.orderPlaced(order);
            } else {
                engine.ordersPlaced(List.of(order));
            }
        }
    }

    private final EngineHarness h = new EngineHarness(); // popups go to a recording sender: queued, never shown

    private static Order order(String cartId, String total, Instant placedAt) {
        return new Order(STORE, "o-" + cartId, cartId, null, new BigDecimal(total), placedAt);
    }

    private List<RecoveryEvent> events(RecoverySequence sequence, EventType type) {
        return h.engine.history(STORE, sequence.id()).stream().filter(e -> e.type() == type).toList();
    }

    private AnalyticsReport report() {
        return h.engine.analytics(STORE, T0, h.clock.instant().plusSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anOrderPlacedInsideTheWindowButReportedAfterItIsRecovered(Path path) {
        h.engine.configureStore(StoreSettings.builder(STORE).exactTiming().attributionWindow(Duration.ofHours(12))
                .build());
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(90)); // the last email went out at +72h: the window ends at +84h
        assertThat(h.reload(sequence).status()).isEqualTo(SequenceStatus.COMPLETED);

        path.place(h.engine, order("c1", "64.00", T0.plus(Duration.ofHours(80))));

        assertThat(events(sequence, EventType.CART_RECOVERED)).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(T0.plus(Duration.ofHours(80))));
        AnalyticsReport report = report();
        assertThat(report.recovery()).isEqualTo(new Rate(1, 1));
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("64.00");
        assertThat(report.step(SequencePolicy.EMAIL_72H).recoveredAfter()).isEqualTo(1);
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ofHours(80));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anOrderPlacedOutsideTheWindowOfTheLastStepIsNotRecordedHoweverEarlyItIsReported(Path path) {
        h.engine.configureStore(StoreSettings.builder(STORE).exactTiming().attributionWindow(Duration.ofHours(12))
                .build());
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(90));

        path.place(h.engine, order("c1", "64.00", T0.plus(Duration.ofHours(84)).plusSeconds(1)));

        assertThat(events(sequence, EventType.CART_RECOVERED)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aLateReportedOrderIsCreditedToTheLastEmailBeforeItWasPlacedAndEndsTheSequenceThen(Path path) {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(24).plusMinutes(30)); // the 2h and the 24h emails went out
        assertThat(h.email.sent()).hasSize(2);
        Instant placedAt = T0.plus(Duration.ofHours(3));

        path.place(h.engine, order("c1", "40", placedAt));

        RecoverySequence stopped = h.reload(sequence);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(stopped.endedAt()).isEqualTo(placedAt);
        assertThat(events(sequence, EventType.CART_RECOVERED)).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(placedAt));
        assertThat(events(sequence, EventType.SEQUENCE_STOPPED)).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(placedAt));
        AnalyticsReport report = report();
        assertThat(report.recovery()).isEqualTo(new Rate(1, 1));
        assertThat(report.step(SequencePolicy.EMAIL_2H).recoveredAfter()).isEqualTo(1);
        assertThat(report.step(SequencePolicy.EMAIL_24H).recoveredAfter()).isZero(); // sent after the purchase
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ofHours(3));
        h.scheduler.advance(Duration.ofDays(3));
        assertThat(h.email.sent()).hasSize(2); // stopped: nothing more is sent
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anOrderPlacedBeforeTheFirstDeliveredMessageIsAPurchaseNotARecoveryEvenReportedAfterOne(Path path) {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(2).plusMinutes(30)); // popup queued (not shown), 2h email sent

        path.place(h.engine, order("c1", "55.50", T0.plus(Duration.ofMinutes(90))));

        assertThat(h.reload(sequence).stopReason()).isEqualTo(StopReason.PURCHASED);
        AnalyticsReport report = report();
        assertThat(report.recovery()).isEqualTo(new Rate(0, 1));
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("0");
        assertThat(report.purchasedBeforeFirstMessage().count()).isEqualTo(1);
        assertThat(report.purchasedBeforeFirstMessage().revenue()).isEqualByComparingTo("55.50");
        assertThat(report.steps().values()).allSatisfy(step -> assertThat(step.recoveredAfter()).isZero());
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anOrderPlacedBeforeTheSequenceStartedEndsItAtItsStart(Path path) {
        h.clock.set(T0.plus(Duration.ofHours(1)));
        h.engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        RecoverySequence sequence = h.engine.cartAbandoned(STORE, "c1", T0).orElseThrow();
        h.scheduler.advance(Duration.ofMinutes(90)); // the 2h email went out at +2h

        path.place(h.engine, order("c1", "10", T0.plusSeconds(60)));

        RecoverySequence stopped = h.reload(sequence);
        assertThat(stopped.endedAt()).isEqualTo(stopped.startedAt());
        assertThat(events(sequence, EventType.CART_RECOVERED)).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(stopped.startedAt()));
        assertThat(report().purchasedBeforeFirstMessage()).isEqualTo(new PurchaseTotal(1, new BigDecimal("10")));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anOrderPlacedAheadOfTheEnginesClockCountsNow(Path path) {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(3));

        path.place(h.engine, order("c1", "10", h.clock.instant().plusSeconds(2)));

        assertThat(h.reload(sequence).endedAt()).isEqualTo(h.clock.instant());
    }
}

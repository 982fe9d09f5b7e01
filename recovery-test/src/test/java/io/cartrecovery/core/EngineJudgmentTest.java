package io.cartrecovery.core;

import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Segmentation, send-time, experiments, attribution and analytics through the engine. */
class EngineJudgmentTest {
    private static final String STORE = "store-j";
    private static final Incentive SOCIAL10 = Incentive.percentOff("SOCIAL10", 10);
    private static final Experiment EXPERIMENT = Experiment.of("tone", 0.5, Variant.control("control", 1),
            Variant.of("social", 1, StepDefinition.of(SequencePolicy.EMAIL_24H, Duration.ofHours(24), Channel.EMAIL,
                    Tone.SOCIAL_PROOF).withIncentive(SOCIAL10)));

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecordingSender popup = new RecordingSender(clock);
    private final RecoveryStore store = RecoveryStore.inMemory();

    private RecoveryEngine engine(StoreSettings settings) {
        return RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, popup).configureStore(settings).build();
    }

    @Test
    void aHoldoutCartGetsNoMessagesButItsPurchaseCountsInTheReport() {
        RecoveryEngine engine = engine(StoreSettings.builder(STORE).exactTiming().experiment(EXPERIMENT).build());
        String cartId = cartIn(Experiment.HOLDOUT::equals);
        RecoverySequence sequence = abandon(engine, cartId, "u1");

        scheduler.advance(Duration.ofHours(30));
        engine.orderPlaced(new Order(STORE, "o1", cartId, "u1", new BigDecimal("171.50"), clock.instant()));

        assertThat(email.attempts()).isEmpty();
        assertThat(popup.attempts()).isEmpty();
        RecoverySequence stopped = engine.sequence(STORE, sequence.id());
        assertThat(stopped.variant()).isEqualTo("tone/holdout");
        assertThat(stopped.outcomes()).hasSize(3).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(outcome.reason()).isEqualTo("HOLDOUT");
        });
        AnalyticsReport report = engine.analytics(STORE, T0, clock.instant().plusSeconds(1));
        // no message recovered it (there was none), but it converted: bought within the window of its skipped steps
        assertThat(report.byVariant()).containsEntry("tone/holdout", new Rate(0, 1));
        assertThat(report.recovery()).isEqualTo(Rate.ZERO); // holdouts are not treated sequences
        assertThat(report.experiment("tone").arms()).containsEntry(Experiment.HOLDOUT, new Rate(1, 1));
        assertThat(report.experiment("tone").lift().holdout()).isEqualTo(new Rate(1, 1));
    }

    @Test
    void aVariantRunsItsChangedStepWithTheIncentiveItGrants() {
        RecoveryEngine engine = engine(StoreSettings.builder(STORE).exactTiming().experiment(EXPERIMENT).build());
        String cartId = cartIn("social"::equals);
        abandon(engine, cartId, "u1");

        scheduler.advance(Duration.ofHours(25));

        RecordingSender.Attempt day1 = email.sent().get(1);
        assertThat(day1.delivery().step().id()).isEqualTo(SequencePolicy.EMAIL_24H);
        assertThat(day1.delivery().step().incentive()).isEqualTo(SOCIAL10);
        assertThat(day1.delivery().message().textBody()).contains("SOCIAL10");
        assertThat(email.sent().get(0).delivery().message().textBody()).doesNotContain("SOCIAL10");
    }

    @Test
    void aPurchaseAfterTheSequenceCompletedCountsWithinTheAttributionWindowOnlyOnce() {
        RecoveryEngine engine = engine(StoreSettings.builder(STORE).exactTiming()
                .attributionWindow(Duration.ofDays(2)).build());
        RecoverySequence early = abandon(engine, "c1", "u1");
        scheduler.advance(Duration.ofHours(73)); // every step sent, the last at +72h
        assertThat(engine.sequence(STORE, early.id()).status()).isEqualTo(SequenceStatus.COMPLETED);

        scheduler.advance(Duration.ofDays(1));
        engine.orderPlaced(new Order(STORE, "o1", "c1", "u1", new BigDecimal("50"), clock.instant()));
        engine.orderPlaced(new Order(STORE, "o2", "c1", "u1", new BigDecimal("60"), clock.instant()));

        assertThat(engine.history(STORE, early.id())).filteredOn(e -> e.type() == EventType.CART_RECOVERED)
                .singleElement().satisfies(e -> assertThat(e.value()).isEqualByComparingTo("50"));
        AnalyticsReport report = engine.analytics(STORE, T0, clock.instant().plusSeconds(1));
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("50");
        assertThat(report.step(SequencePolicy.EMAIL_72H).recoveredAfter()).isEqualTo(1);
    }

    @Test
    void aPurchaseAfterTheAttributionWindowIsNotRecovered() {
        RecoveryEngine engine = engine(StoreSettings.builder(STORE).exactTiming()
                .attributionWindow(Duration.ofDays(2)).build());
        RecoverySequence sequence = abandon(engine, "c1", "u1");
        scheduler.advance(Duration.ofHours(72).plus(Duration.ofDays(2)).plusSeconds(1));

        engine.orderPlaced(new Order(STORE, "o1", "c1", "u1", new BigDecimal("50"), clock.instant()));

        assertThat(engine.history(STORE, sequence.id())).noneMatch(e -> e.type() == EventType.CART_RECOVERED);
    }

    @Test
    void the24hEmailOfATokyoCustomerGoesOutAtTheHourSheReadsMail() {
        RecoveryEngine engine = engine(StoreSettings.defaults(STORE));
        Customer tokyo = new Customer(STORE, "u1", "u1@example.com", "Aiko", Locale.JAPAN, ZoneId.of("Asia/Tokyo"),
                2, new BigDecimal("100"), true);
        store.append(List.of(new RecoveryEvent(STORE, EventType.MESSAGE_OPENED, "old", "c0", "u1", "EMAIL_2H", null,
                null, null, T0.minus(Duration.ofDays(3)).plus(Duration.ofHours(2)))));  // 20:00 JST
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), tokyo);
        engine.cartAbandoned(STORE, "c1", T0); // 18:00 JST

        scheduler.advance(Duration.ofDays(2));

        assertThat(email.sent()).extracting(RecordingSender.Attempt::at).contains(
                T0.plus(Duration.ofHours(26)), // day one at 20:00 JST (planned 18:00)
                T0.plus(Duration.ofHours(2))); // 20:00 JST: the early email is not moved
        assertThat(email.sent().get(0).delivery().message().subject()).startsWith("You left"); // no ja: English
    }

    @Test
    void engagementIsReadOncePerStepWhoseFollowingStepMovesToTheBestHour() {
        AtomicInteger engagementReads = new AtomicInteger();
        RecoveryStore counting = (RecoveryStore) Proxy.newProxyInstance(RecoveryStore.class.getClassLoader(),
                new Class<?>[] {RecoveryStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("engagement")) {
                        engagementReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RecoveryEngine engine = RecoveryEngine.builder().store(counting).clock(clock).scheduler(scheduler)
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.defaults(STORE)).build();
        abandon(engine, "c1", "u1");

        scheduler.advance(Duration.ofDays(4));

        assertThat(email.sent()).hasSize(4);
        // EMAIL_2H, EMAIL_24H and EMAIL_48H each compute the time of a following 24h+ email; the popup and the
        // last email do not.
        assertThat(engagementReads).hasValue(3);
    }

    @Test
    void quietHoursHoldTheEarlyStepsOfANewYorkCustomerUntil8LocalKeepingThemAnHourApart() {
        RecoveryEngine engine = engine(StoreSettings.defaults(STORE));
        abandon(engine, "c1", "u1"); // T0 is 04:00 in New York; popup at 05:00, email at 06:00

        scheduler.advance(Duration.ofHours(8));

        assertThat(popup.sent()).extracting(RecordingSender.Attempt::at)
                .containsExactly(Instant.parse("2026-03-02T13:00:00Z")); // 08:00 EST
        assertThat(email.sent()).extracting(RecordingSender.Attempt::at)
                .containsExactly(Instant.parse("2026-03-02T14:00:00Z")); // 09:00 EST
    }

    @Test
    void analyticsNeedAKnownStoreAndAnOrderedPeriod() {
        RecoveryEngine engine = engine(StoreSettings.defaults(STORE));

        assertThatThrownBy(() -> engine.analytics("nope", T0, T0)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.analytics(STORE, T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to");
        assertThat(engine.analytics(STORE, T0, T0).recovery()).isEqualTo(Rate.ZERO);
    }

    private RecoverySequence abandon(RecoveryEngine engine, String cartId, String customerId) {
        engine.cartUpdated(Fixtures.cart(STORE, cartId, customerId, clock.instant()), Fixtures.customer(STORE, customerId));
        return engine.cartAbandoned(STORE, cartId, clock.instant()).orElseThrow();
    }

    private static String cartIn(Predicate<String> arm) {
        return IntStream.range(0, 1_000).mapToObj(i -> "cart-" + i).filter(id -> arm.test(EXPERIMENT.assign(id)))
                .findFirst().orElseThrow();
    }
}

package io.cartrecovery.core.analytics;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cartrecovery.core.EventType.CART_RECOVERED;
import static io.cartrecovery.core.EventType.MESSAGE_CLICKED;
import static io.cartrecovery.core.EventType.MESSAGE_OPENED;
import static io.cartrecovery.core.EventType.POPUP_SHOWN;
import static io.cartrecovery.core.EventType.SEQUENCE_COMPLETED;
import static io.cartrecovery.core.EventType.STEP_SENT;
import static io.cartrecovery.core.EventType.STEP_SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnalyticsCalculatorTest {
    private static final String STORE = "s1";
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = T0.plus(Duration.ofDays(30));
    private static final Duration H = Duration.ofHours(1);
    private static final List<Experiment> EXPERIMENTS = List.of(
            Experiment.of("exp", 0.1, Variant.control("control", 1), Variant.control("b", 1)));

    private final List<RecoveryEvent> log = new ArrayList<>();

    @Test
    void aHandComputedLog() {
        // q1 first-time: popup queued (never shown), 2h email opened twice and clicked, bought at +5h for 100
        Instant q1 = T0;
        start("q1", SequenceType.FIRST_TIME, null, q1);
        event("q1", STEP_SENT, "POPUP_1H", null, q1.plus(H));
        event("q1", STEP_SENT, "EMAIL_2H", null, q1.plus(H.multipliedBy(2)));
        event("q1", MESSAGE_OPENED, "EMAIL_2H", null, q1.plus(H.multipliedBy(3)));
        event("q1", MESSAGE_OPENED, "EMAIL_2H", null, q1.plus(H.multipliedBy(4)));
        event("q1", MESSAGE_CLICKED, "EMAIL_2H", null, q1.plus(H.multipliedBy(4)));
        event("q1", CART_RECOVERED, null, "100", q1.plus(H.multipliedBy(5)));
        // q2 returning: three messages, the 24h one opened, no purchase in the period
        Instant q2 = T0.plus(Duration.ofDays(1));
        start("q2", SequenceType.RETURNING, null, q2);
        event("q2", STEP_SENT, "POPUP_1H", null, q2.plus(H));
        event("q2", STEP_SENT, "EMAIL_2H", null, q2.plus(H.multipliedBy(2)));
        event("q2", STEP_SENT, "EMAIL_24H", null, q2.plus(H.multipliedBy(24)));
        event("q2", MESSAGE_OPENED, "EMAIL_24H", null, q2.plus(H.multipliedBy(25)));
        event("q2", SEQUENCE_COMPLETED, null, null, q2.plus(H.multipliedBy(72)));
        event("q2", CART_RECOVERED, null, "999", TO.plus(H)); // after the period: not seen
        // q3 high-value: popup shown, bought 6 days after it: outside the 5-day attribution window, not recovered
        Instant q3 = T0.plus(Duration.ofDays(2));
        start("q3", SequenceType.HIGH_VALUE, null, q3);
        event("q3", STEP_SENT, "POPUP_1H", null, q3.plus(H));
        event("q3", POPUP_SHOWN, "POPUP_1H", null, q3.plus(Duration.ofMinutes(90)));
        event("q3", CART_RECOVERED, null, "250", q3.plus(H).plus(Duration.ofDays(6)));
        // q4 returning: bought 30 minutes in, before any message
        Instant q4 = T0.plus(Duration.ofDays(3));
        start("q4", SequenceType.RETURNING, null, q4);
        event("q4", CART_RECOVERED, null, "40", q4.plus(Duration.ofMinutes(30)));
        // q5 started before the period: not in the cohort
        event("q5", STEP_SENT, "EMAIL_2H", null, T0.plus(H));
        event("q5", CART_RECOVERED, null, "70", T0.plus(H.multipliedBy(2)));
        // q6 low-stock holdout: no messages, bought at +10h
        Instant q6 = T0.plus(Duration.ofDays(4));
        start("q6", SequenceType.LOW_STOCK, "exp/holdout", q6);
        event("q6", STEP_SKIPPED, "POPUP_1H", null, q6.plus(H));
        event("q6", CART_RECOVERED, null, "80", q6.plus(H.multipliedBy(10)));
        // q7 low-stock control arm: 2h email, bought at +3h for 60
        Instant q7 = T0.plus(Duration.ofDays(5));
        start("q7", SequenceType.LOW_STOCK, "exp/control", q7);
        event("q7", STEP_SENT, "EMAIL_2H", null, q7.plus(H.multipliedBy(2)));
        event("q7", CART_RECOVERED, null, "60", q7.plus(H.multipliedBy(3)));
        // q8 low-stock variant b: popup, no purchase
        Instant q8 = T0.plus(Duration.ofDays(6));
        start("q8", SequenceType.LOW_STOCK, "exp/b", q8);
        event("q8", STEP_SENT, "POPUP_1H", null, q8.plus(H));
        // q9 returning: popup queued but not shown yet when bought at +1h20m: before any message delivered
        Instant q9 = T0.plus(Duration.ofDays(7));
        start("q9", SequenceType.RETURNING, null, q9);
        event("q9", STEP_SENT, "POPUP_1H", null, q9.plus(H));
        event("q9", CART_RECOVERED, null, "25", q9.plus(Duration.ofMinutes(80)));
        // q10 first-time: bought at +3h, reported after the 24h email went out: the 2h email is credited
        Instant q10 = T0.plus(Duration.ofDays(8));
        start("q10", SequenceType.FIRST_TIME, null, q10);
        event("q10", STEP_SENT, "EMAIL_2H", null, q10.plus(H.multipliedBy(2)));
        event("q10", STEP_SENT, "EMAIL_24H", null, q10.plus(H.multipliedBy(24)));
        event("q10", CART_RECOVERED, null, "30", q10.plus(H.multipliedBy(3)));
        // noise: another store, an event without a sequence
        log.add(new RecoveryEvent("other", EventType.SEQUENCE_STARTED, "x1", "c", "u", null, null, null,
                "RETURNING", T0.plus(H)));
        log.add(new RecoveryEvent(STORE, EventType.CUSTOMER_OPTED_OUT, null, null, "u", null, null, null, null,
                T0.plus(H)));

        AnalyticsReport report = AnalyticsCalculator.report(settings(EXPERIMENTS), T0, TO, log);

        // treated: q1 q2 q3 q4 q7 q8 q9 q10; recovered: q1 q7 q10
        assertThat(report.recovery()).isEqualTo(new Rate(3, 8));
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("190"); // q1 100 + q7 60 + q10 30
        assertThat(report.purchasedBeforeFirstMessage().count()).isEqualTo(2); // q4, q9
        assertThat(report.purchasedBeforeFirstMessage().revenue()).isEqualByComparingTo("65");
        assertThat(report.byType()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SequenceType.FIRST_TIME, new Rate(2, 2), SequenceType.RETURNING, new Rate(0, 3),
                SequenceType.HIGH_VALUE, new Rate(0, 1), SequenceType.LOW_STOCK, new Rate(1, 2)));
        assertThat(report.byVariant()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "exp/control", new Rate(1, 1), "exp/b", new Rate(0, 1), "exp/holdout", new Rate(0, 1)));
        assertThat(report.steps().values()).containsExactlyInAnyOrder(
                new StepStats("POPUP_1H", 5, 1, 0, 0),    // q1 q2 q3 q8 q9; shown to q3
                new StepStats("EMAIL_2H", 4, 1, 1, 3),    // q1 q2 q7 q10; q1 opened (once) and clicked; q1 q7 q10
                new StepStats("EMAIL_24H", 2, 1, 0, 0));  // q2 q10; sent to q10 after its purchase: no credit
        assertThat(report.step("EMAIL_2H").openRate().value()).isCloseTo(1 / 4.0, within(1e-12));
        assertThat(report.averageSequenceLength()).isCloseTo(11 / 8.0, within(1e-12)); // 2+3+1+0+1+1+1+2 sent
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ofHours(3)); // 3h, 3h, 5h

        ExperimentResult exp = report.experiment("exp");
        // conversions: q6 bought 9h after its skipped popup, q7 1h after its email, q8 not at all
        assertThat(exp.arms()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "holdout", new Rate(1, 1), "control", new Rate(1, 1), "b", new Rate(0, 1)));
        // treated 1/2 - holdout 1/1 = -0.5; SE = sqrt(0.5·0.5/2 + 0) = 0.353553; ±1.959964·SE = ±0.692952
        assertThat(exp.lift().difference()).isCloseTo(-0.5, within(1e-12));
        assertThat(exp.lift().lower()).isCloseTo(-1.192952, within(1e-6));
        assertThat(exp.lift().upper()).isCloseTo(0.192952, within(1e-6));
        // b 0/1 against control 1/1: pooled 0.5, SE = sqrt(0.25·2) = 0.707107, z = -1.414214, p = 0.157299
        assertThat(exp.comparisons()).singleElement().satisfies(test -> {
            assertThat(test.variant()).isEqualTo("exp/b");
            assertThat(test.control()).isEqualTo("exp/control");
            assertThat(test.z()).isCloseTo(-1.414214, within(1e-6));
            assertThat(test.pValue()).isCloseTo(0.157299, within(1e-6));
        });
    }

    @Test
    void aPurchaseIsCreditedToTheLastMessageDeliveredBeforeItWhateverTheOrderOfTheLog() {
        start("q1", SequenceType.RETURNING, null, T0);
        event("q1", STEP_SENT, "POPUP_1H", null, T0.plus(H));
        event("q1", STEP_SENT, "EMAIL_2H", null, T0.plus(H.multipliedBy(2)));
        event("q1", STEP_SENT, "EMAIL_24H", null, T0.plus(H.multipliedBy(24)));
        event("q1", CART_RECOVERED, null, "10", T0.plus(H.multipliedBy(23))); // reported after the 24h email
        event("q1", POPUP_SHOWN, "POPUP_1H", null, T0.plus(H.multipliedBy(2))); // shown with the 2h email

        AnalyticsReport report = AnalyticsCalculator.report(settings(List.of()), T0, TO, log);

        assertThat(report.recovery()).isEqualTo(new Rate(1, 1));
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ofHours(23));
        // the popup and the 2h email share the time: the one appended later (the popup) is credited
        assertThat(report.step("POPUP_1H").recoveredAfter()).isEqualTo(1);
        assertThat(report.step("EMAIL_2H").recoveredAfter()).isZero();
        assertThat(report.step("EMAIL_24H").recoveredAfter()).isZero();
    }

    @Test
    void aPurchaseRecoversWithinTheWindowOfTheLastDeliveredMessageOnlyAtTheEndsIncluded() {
        start("in", SequenceType.RETURNING, null, T0);
        event("in", STEP_SENT, "EMAIL_2H", null, T0.plus(H.multipliedBy(2)));
        event("in", CART_RECOVERED, null, "10", T0.plus(H.multipliedBy(2)).plus(Duration.ofDays(5)));
        start("out", SequenceType.RETURNING, null, T0);
        event("out", STEP_SENT, "EMAIL_2H", null, T0.plus(H.multipliedBy(2)));
        event("out", CART_RECOVERED, null, "20", T0.plus(H.multipliedBy(2)).plus(Duration.ofDays(5)).plusNanos(1));
        start("same", SequenceType.RETURNING, null, T0);
        event("same", STEP_SENT, "EMAIL_2H", null, T0.plus(H.multipliedBy(2)));
        event("same", CART_RECOVERED, null, "40", T0.plus(H.multipliedBy(2)));

        AnalyticsReport report = AnalyticsCalculator.report(settings(List.of()), T0, TO, log);

        assertThat(report.recovery()).isEqualTo(new Rate(2, 3)); // "in" and "same"
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("50");
        assertThat(report.purchasedBeforeFirstMessage()).isEqualTo(PurchaseTotal.NONE);
    }

    @Test
    void everyArmConvertsByTheSameRuleWhetherItsMessagesWereDeliveredOrNot() {
        // treated: bought after a skipped step (no address), after a queued popup, and before the first step
        start("t1", SequenceType.RETURNING, "exp/control", T0);
        event("t1", STEP_SKIPPED, "EMAIL_2H", null, T0.plus(H.multipliedBy(2)));
        event("t1", CART_RECOVERED, null, "10", T0.plus(H.multipliedBy(3)));
        start("t2", SequenceType.RETURNING, "exp/control", T0);
        event("t2", STEP_SENT, "POPUP_1H", null, T0.plus(H));
        event("t2", CART_RECOVERED, null, "10", T0.plus(H.multipliedBy(3)));
        start("t3", SequenceType.RETURNING, "exp/control", T0);
        event("t3", CART_RECOVERED, null, "10", T0.plus(Duration.ofMinutes(30)));
        // holdout: bought after its skipped popup, before any step, and after the window of its last step
        start("h1", SequenceType.RETURNING, "exp/holdout", T0);
        event("h1", STEP_SKIPPED, "POPUP_1H", null, T0.plus(H));
        event("h1", CART_RECOVERED, null, "10", T0.plus(H.multipliedBy(5)));
        start("h2", SequenceType.RETURNING, "exp/holdout", T0);
        event("h2", CART_RECOVERED, null, "10", T0.plus(Duration.ofMinutes(30)));
        event("h2", STEP_SKIPPED, "POPUP_1H", null, T0.plus(H)); // appended after: the time decides
        start("h3", SequenceType.RETURNING, "exp/holdout", T0);
        event("h3", STEP_SKIPPED, "POPUP_1H", null, T0.plus(H));
        event("h3", CART_RECOVERED, null, "10", T0.plus(H).plus(Duration.ofDays(5)).plusSeconds(1));

        AnalyticsReport report = AnalyticsCalculator.report(settings(EXPERIMENTS), T0, TO, log);

        assertThat(report.recovery()).isEqualTo(new Rate(0, 3)); // no message delivered before any purchase
        assertThat(report.purchasedBeforeFirstMessage().count()).isEqualTo(3);
        ExperimentResult exp = report.experiment("exp");
        assertThat(exp.arms()).containsEntry("control", new Rate(2, 3)).containsEntry("holdout", new Rate(1, 3));
        assertThat(exp.lift().difference()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(report.byVariant()).containsEntry("exp/control", new Rate(0, 3))
                .containsEntry("exp/holdout", new Rate(0, 3));
    }

    @Test
    void anEmptyLogGivesZerosNotErrors() {
        AnalyticsReport report = AnalyticsCalculator.report(settings(List.of()), T0, TO, List.of());

        assertThat(report.recovery()).isEqualTo(Rate.ZERO);
        assertThat(report.recovery().value()).isEqualTo(0.0);
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("0");
        assertThat(report.purchasedBeforeFirstMessage()).isEqualTo(PurchaseTotal.NONE);
        assertThat(report.byType()).hasSize(4).allSatisfy((type, rate) -> assertThat(rate).isEqualTo(Rate.ZERO));
        assertThat(report.byVariant()).isEmpty();
        assertThat(report.steps()).isEmpty();
        assertThat(report.step("EMAIL_2H").clickRate().value()).isEqualTo(0.0);
        assertThat(report.averageSequenceLength()).isEqualTo(0.0);
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ZERO);
        assertThat(report.experiments()).isEmpty();
        assertThat(report.experiment("exp")).isNull();
    }

    @Test
    void theControlOfAnExperimentNoLongerConfiguredIsTheSmallestArmName() {
        start("a", SequenceType.RETURNING, "old/beta", T0);
        start("b", SequenceType.RETURNING, "old/alpha", T0);

        AnalyticsReport report = AnalyticsCalculator.report(settings(List.of()), T0, TO, log);

        assertThat(report.experiment("old").comparisons()).singleElement()
                .satisfies(test -> assertThat(test.control()).isEqualTo("old/alpha"));
    }

    private static StoreSettings settings(List<Experiment> experiments) {
        StoreSettings.Builder builder = StoreSettings.builder(STORE).attributionWindow(Duration.ofDays(5));
        experiments.forEach(builder::experiment);
        return builder.build();
    }

    private void start(String sequenceId, SequenceType type, String variant, Instant at) {
        log.add(new RecoveryEvent(STORE, EventType.SEQUENCE_STARTED, sequenceId, "c-" + sequenceId, "u-" + sequenceId,
                null, variant, BigDecimal.TEN, type.name(), at));
    }

    private void event(String sequenceId, EventType type, String stepId, String value, Instant at) {
        String variant = log.stream().filter(e -> sequenceId.equals(e.sequenceId())).map(RecoveryEvent::variant)
                .filter(v -> v != null).findFirst().orElse(null);
        log.add(new RecoveryEvent(STORE, type, sequenceId, "c-" + sequenceId, "u-" + sequenceId, stepId, variant,
                value == null ? null : new BigDecimal(value), null, at));
    }
}

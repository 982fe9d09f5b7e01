package io.cartrecovery.test;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RecoveryStore} must do for send-time, experiments and analytics: keep the judgment settings,
 * answer the engagement history, and produce the same analytics report as {@link AnalyticsCalculator} over its
 * own event log (a SQL implementation must agree). An implementation's test extends this class.
 */
public abstract class JudgmentStoreContract {
    protected static final String A = "store-a";
    protected static final String B = "store-b";

    protected RecoveryStore store;

    /** An empty store. */
    protected abstract RecoveryStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void judgmentSettingsRoundTrip() {
        StoreSettings settings = StoreSettings.builder(A)
                .firstTimeIncentive(Incentive.percentOff("WELCOME10", 10))
                .quietHours(LocalTime.of(22, 30), LocalTime.of(7, 0))
                .sendWindow(Duration.ofHours(3))
                .defaultSendTime(LocalTime.of(9, 15))
                .attributionWindow(Duration.ofDays(3))
                .experiment(Experiment.of("tone", 0.1, Variant.control("control", 2), Variant.of("b", 1,
                        StepDefinition.of(SequencePolicy.EMAIL_24H, Duration.ofHours(20), Channel.EMAIL, Tone.LAST_CHANCE))))
                .templateOverride("de/email.txt", "{{intro}}\n{{restoreUrl}}")
                .build();

        store.saveSettings(settings);

        assertThat(store.settings(A)).contains(settings);
    }

    @Test
    void engagementIsTheCustomersOpensAndClicksInTheRangeOldestFirst() {
        RecoveryEvent open = engagement(A, EventType.MESSAGE_OPENED, "u1", T0.plusSeconds(10));
        RecoveryEvent click = engagement(A, EventType.MESSAGE_CLICKED, "u1", T0.plusSeconds(20));
        store.append(List.of(
                engagement(A, EventType.MESSAGE_OPENED, "u1", T0.minusSeconds(1)),   // before the range
                open,
                engagement(A, EventType.POPUP_SHOWN, "u1", T0.plusSeconds(15)),      // not engagement
                engagement(A, EventType.MESSAGE_OPENED, "u2", T0.plusSeconds(15)),   // another customer
                engagement(B, EventType.MESSAGE_OPENED, "u1", T0.plusSeconds(15)),   // another store
                click,
                engagement(A, EventType.MESSAGE_CLICKED, "u1", T0.plusSeconds(60)))); // at the end: excluded

        assertThat(store.engagement(A, "u1", T0, T0.plusSeconds(60))).containsExactly(open, click);
        assertThat(store.engagement(A, "nobody", T0, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void analyticsAgreeWithTheCalculatorOverTheEventLog() {
        StoreSettings settings = StoreSettings.builder(A).attributionWindow(Duration.ofHours(10))
                .experiment(Experiment.of("e", 0.2, Variant.control("c", 1), Variant.control("d", 1))).build();
        store.saveSettings(settings);
        store.append(List.of(
                started("q1", "e/c", T0), sent("q1", "EMAIL_2H", T0.plusSeconds(7200)),
                recovered("q1", "90", T0.plusSeconds(9000)),
                started("q2", "e/d", T0.plusSeconds(60)), sent("q2", "POPUP_1H", T0.plusSeconds(3660)),
                started("q3", "e/holdout", T0.plusSeconds(120)),
                step("q3", EventType.STEP_SKIPPED, "POPUP_1H", T0.plusSeconds(3720)),
                recovered("q3", "30", T0.plusSeconds(5000)),
                started("q4", null, T0.plusSeconds(180)), sent("q4", "EMAIL_2H", T0.plusSeconds(7380)),
                recovered("q4", "70", T0.plusSeconds(7380 + 11 * 3600))));                 // after the window
        Instant to = T0.plus(Duration.ofDays(2));

        AnalyticsReport report = store.analytics(settings, T0, to);

        assertThat(report).isEqualTo(AnalyticsCalculator.report(settings, T0, to, store.events(A, T0, to)));
        assertThat(report.recovery()).isEqualTo(new Rate(1, 3)); // q4 bought after the window: not recovered
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("90");
        assertThat(report.experiment("e").arms()).containsEntry("holdout", new Rate(1, 1));
        assertThat(store.analytics(StoreSettings.defaults(B), T0, to).recovery()).isEqualTo(Rate.ZERO);
    }

    private static RecoveryEvent engagement(String storeId, EventType type, String customerId, Instant at) {
        return new RecoveryEvent(storeId, type, "q-" + customerId, "c-" + customerId, customerId, "EMAIL_2H", null,
                null, null, at);
    }

    private static RecoveryEvent started(String sequenceId, String variant, Instant at) {
        return new RecoveryEvent(A, EventType.SEQUENCE_STARTED, sequenceId, "c-" + sequenceId, "u-" + sequenceId,
                null, variant, BigDecimal.TEN, SequenceType.RETURNING.name(), at);
    }

    private static RecoveryEvent sent(String sequenceId, String stepId, Instant at) {
        return step(sequenceId, EventType.STEP_SENT, stepId, at);
    }

    private static RecoveryEvent step(String sequenceId, EventType type, String stepId, Instant at) {
        return new RecoveryEvent(A, type, sequenceId, "c-" + sequenceId, "u-" + sequenceId, stepId,
                null, null, null, at);
    }

    private static RecoveryEvent recovered(String sequenceId, String value, Instant at) {
        return new RecoveryEvent(A, EventType.CART_RECOVERED, sequenceId, "c-" + sequenceId, "u-" + sequenceId, null,
                null, new BigDecimal(value), "order-" + sequenceId, at);
    }
}

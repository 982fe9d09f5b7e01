package io.cartrecovery.core;

import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.ExperimentResult;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's example of a store's policy, quiet hours and an experiment, kept compiling and true. */
class StoreConfigurationExampleTest {

    @Test
    void theReadmeExample() {
        SettableClock clock = SettableClock.at(T0);
        try (RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(Scheduler.virtualTime(clock))
                .sender(Channel.EMAIL, Sender.noop()).build()) {
            // --- README snippet starts ---
            StoreSettings settings = StoreSettings.builder("my-store")
                    .locale(Locale.GERMANY)
                    .timeZone(ZoneId.of("Europe/Berlin"))               // when the customer's zone is unknown
                    .highValueThreshold(new BigDecimal("800"))          // HIGH_VALUE above 800 lifetime value
                    .firstTimeIncentive(Incentive.percentOff("WELCOME10", 10)) // last email of first-time buyers
                    .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 30)) // in the customer's local time
                    .sendWindow(Duration.ofHours(4))                    // 24h+ emails move to the best hour, ±4h
                    .attributionWindow(Duration.ofDays(3))
                    .experiment(Experiment.of("day1-tone", 0.10,        // 10% holdout: no messages at all
                            Variant.control("control", 1),
                            Variant.of("objections", 1, StepDefinition.of(SequencePolicy.EMAIL_24H,
                                    Duration.ofHours(24), Channel.EMAIL, Tone.OBJECTION_HANDLING))))
                    .templateOverride("de/LAST_CHANCE.subject",
                            "{{#firstName}}{{firstName}}, {{/firstName}}Ihr Warenkorb wartet noch")
                    .build();
            engine.configureStore(settings);

            AnalyticsReport report = engine.analytics("my-store", T0.minus(Duration.ofDays(30)), T0);
            double recoveryRate = report.recovery().value();            // 0.0 while nothing ran
            long boughtEarly = report.purchasedBeforeFirstMessage().count(); // before any message was delivered
            long credited = report.step("EMAIL_24H").recoveredAfter();  // recoveries credited to this step
            ExperimentResult experiment = report.experiment("day1-tone"); // null until a sequence started
            // experiment.arms().get(Experiment.HOLDOUT).value() (conversions), experiment.lift().difference(),
            // .lower(), .upper(); experiment.comparisons().get(0).pValue()
            // --- README snippet ends ---

            assertThat(recoveryRate).isEqualTo(0.0);
            assertThat(boughtEarly).isZero();
            assertThat(credited).isZero();
            assertThat(experiment).isNull();
            assertThat(engine.settings("my-store").experimentFor(SequenceType.HIGH_VALUE).id()).isEqualTo("day1-tone");
            assertThat(settings.policy(SequenceType.FIRST_TIME).steps().get(4).incentive().code()).isEqualTo("WELCOME10");
            assertThat(settings.quietHours().contains(LocalTime.of(23, 0))).isTrue();
        }
    }
}

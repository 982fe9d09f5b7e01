package io.cartrecovery.core.experiment;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExperimentTest {
    private static final StepDefinition SOCIAL_24H = StepDefinition.of(SequencePolicy.EMAIL_24H, Duration.ofHours(24),
            Channel.EMAIL, Tone.SOCIAL_PROOF);

    @Test
    void assignmentIsStablePerCartAndDiffersAcrossExperiments() {
        Experiment a = Experiment.of("subject-test", 0.1, Variant.control("control", 1), Variant.control("b", 1));
        Experiment other = Experiment.of("other", 0.1, Variant.control("control", 1), Variant.control("b", 1));

        for (int i = 0; i < 1_000; i++) {
            String cart = "cart-" + i;
            assertThat(a.assign(cart)).isEqualTo(a.assign(cart)).isEqualTo(
                    Experiment.of("subject-test", 0.1, Variant.control("control", 1), Variant.control("b", 1)).assign(cart));
        }
        long differing = java.util.stream.IntStream.range(0, 1_000)
                .filter(i -> !a.assign("cart-" + i).equals(other.assign("cart-" + i))).count();
        assertThat(differing).isGreaterThan(300); // independent hashes per experiment
        assertThat(a.assign("cart-42")).isEqualTo("b"); // pinned: the hash must not change between releases
    }

    @Test
    void shareOfEachArmIsCloseToTheSplitOver100000Carts() {
        Experiment experiment = Experiment.of("split", 0.10, Variant.control("control", 3), Variant.control("b", 1));
        Map<String, Integer> counts = new HashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts.merge(experiment.assign("c" + i), 1, Integer::sum);
        }

        // Expected shares 10% / 67.5% / 22.5%; 4 standard errors at n = 100,000 is under 0.6 points.
        assertThat(counts.get(Experiment.HOLDOUT) / (double) n).isCloseTo(0.100, within(0.006));
        assertThat(counts.get("control") / (double) n).isCloseTo(0.675, within(0.006));
        assertThat(counts.get("b") / (double) n).isCloseTo(0.225, within(0.006));
    }

    @Test
    void aVariantReplacesStepsOfThePlanByIdAndTheHoldoutKeepsThePlan() {
        Incentive free = Incentive.percentOff("FREESHIP", 5);
        Experiment experiment = Experiment.of("tone", 0.2, Variant.control("control", 1),
                Variant.of("social", 1, SOCIAL_24H.withIncentive(free)));
        SequencePolicy policy = StoreSettings.defaultPolicy(SequenceType.RETURNING, null);

        List<StepDefinition> social = experiment.plan("social", policy);
        assertThat(social.get(2)).isEqualTo(SOCIAL_24H.withIncentive(free));
        assertThat(social.subList(3, 5)).isEqualTo(policy.steps().subList(3, 5));
        assertThat(experiment.plan("control", policy)).isEqualTo(policy.steps());
        assertThat(experiment.plan(Experiment.HOLDOUT, policy)).isEqualTo(policy.steps());
        assertThat(experiment.label(Experiment.HOLDOUT)).isEqualTo("tone/holdout");
        assertThat(Experiment.isHoldout("tone/holdout")).isTrue();
        assertThat(Experiment.isHoldout("tone/control")).isFalse();
        assertThat(Experiment.isHoldout(null)).isFalse();
    }

    @Test
    void settingsRejectVariantsThatBreakThePlanAndTwoExperimentsOnOneType() {
        StepDefinition tooLate = StepDefinition.of(SequencePolicy.EMAIL_24H, Duration.ofHours(50), Channel.EMAIL,
                Tone.SOCIAL_PROOF);
        StepDefinition unknown = StepDefinition.of("SMS_5H", Duration.ofHours(5), Channel.EMAIL, Tone.SOCIAL_PROOF);

        assertThatThrownBy(() -> StoreSettings.builder("s1")
                .experiment(Experiment.of("x", 0, Variant.of("late", 1, tooLate))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsets");
        assertThatThrownBy(() -> StoreSettings.builder("s1")
                .experiment(Experiment.of("x", 0, Variant.of("sms", 1, unknown))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SMS_5H");
        assertThatThrownBy(() -> StoreSettings.builder("s1")
                .experiment(new Experiment("x", Set.of(SequenceType.FIRST_TIME), 0, List.of(Variant.control("a", 1))))
                .experiment(Experiment.of("y", 0, Variant.control("a", 1))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FIRST_TIME");
    }

    @Test
    void badExperimentsNameTheField() {
        assertThatThrownBy(() -> Experiment.of("x", 1.0, Variant.control("a", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdoutShare");
        assertThatThrownBy(() -> Experiment.of("x y", 0, Variant.control("a", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> Experiment.of("x", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variants");
        assertThatThrownBy(() -> Variant.control(Experiment.HOLDOUT, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> Variant.control("a", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    }
}

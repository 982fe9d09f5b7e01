package io.cartrecovery.core;

import io.cartrecovery.core.internal.Segmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentationTest {
    private static final StoreSettings DEFAULTS = StoreSettings.defaults("s1");

    @ParameterizedTest(name = "orders={0} ltv={1} lowestInventory={2} -> {3}")
    @CsvSource(nullValues = "none", value = {
            "0, 0,      none, FIRST_TIME",
            "0, 9000,   1,    FIRST_TIME",  // no orders wins over everything
            "1, 500,    none, RETURNING",   // exactly at the threshold is not above it
            "1, 500.01, none, HIGH_VALUE",
            "3, 501,    0,    HIGH_VALUE",  // high value wins over low stock
            "1, 500,    5,    LOW_STOCK",   // exactly at the low-stock threshold
            "1, 100,    0,    LOW_STOCK",
            "1, 100,    6,    RETURNING",
            "7, 499.99, none, RETURNING"
    })
    void typesFollowTheSeedOrderWithDefaultThresholds(int orders, String ltv, Integer lowestInventory,
                                                     SequenceType expected) {
        assertThat(Segmentation.classify(customer(orders, ltv), cart(lowestInventory), DEFAULTS)).isEqualTo(expected);
    }

    @Test
    void thresholdsAreConfigurablePerStore() {
        StoreSettings strict = StoreSettings.builder("s1").highValueThreshold(new BigDecimal("1000"))
                .lowStockThreshold(2).build();

        assertThat(Segmentation.classify(customer(2, "800"), cart(3), strict)).isEqualTo(SequenceType.RETURNING);
        assertThat(Segmentation.classify(customer(2, "1000.01"), cart(3), strict)).isEqualTo(SequenceType.HIGH_VALUE);
        assertThat(Segmentation.classify(customer(2, "800"), cart(2), strict)).isEqualTo(SequenceType.LOW_STOCK);
    }

    @Test
    void eachTypeHasItsOwnBuiltInPlan() {
        assertThat(DEFAULTS.policy(SequenceType.LOW_STOCK).steps().get(1).tone()).isEqualTo(Tone.OBJECTION_HANDLING);
        assertThat(DEFAULTS.policy(SequenceType.HIGH_VALUE).steps()).extracting(StepDefinition::tone).containsExactly(
                Tone.HELPFUL_REMINDER, Tone.HELPFUL_REMINDER, Tone.OBJECTION_HANDLING, Tone.SOCIAL_PROOF,
                Tone.LAST_CHANCE);
        for (SequenceType type : SequenceType.values()) {
            assertThat(DEFAULTS.policy(type).steps()).extracting(StepDefinition::id).containsExactly(
                    SequencePolicy.POPUP_1H, SequencePolicy.EMAIL_2H, SequencePolicy.EMAIL_24H,
                    SequencePolicy.EMAIL_48H, SequencePolicy.EMAIL_72H);
            assertThat(DEFAULTS.policy(type).steps()).allMatch(step -> step.incentive() == null); // no code, no discount
        }
    }

    @Test
    void firstTimeBuyersGetTheStoresIncentiveInTheLastStepOnly() {
        Incentive welcome = Incentive.percentOff("WELCOME10", 10);
        StoreSettings settings = StoreSettings.builder("s1").firstTimeIncentive(welcome).build();

        List<StepDefinition> steps = settings.policy(SequenceType.FIRST_TIME).steps();
        assertThat(steps.get(steps.size() - 1).incentive()).isEqualTo(welcome);
        assertThat(steps.subList(0, steps.size() - 1)).allMatch(step -> step.incentive() == null);
        assertThat(settings.policy(SequenceType.HIGH_VALUE).steps()).allMatch(step -> step.incentive() == null);
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void aStorePolicyOverridesTheBuiltInPlanOfItsType() {
        SequencePolicy vip = StoreSettings.defaultPolicy(SequenceType.HIGH_VALUE, Incentive.percentOff("VIP5", 5));
        StoreSettings settings = StoreSettings.builder("s1").policy(vip).build();

        assertThat(settings.policy(SequenceType.HIGH_VALUE)).isEqualTo(vip);
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> StoreSettings.builder("s1").sendWindow(java.time.Duration.ofHours(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendWindow");
        assertThatThrownBy(() -> StoreSettings.builder("s1").attributionWindow(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributionWindow");
        assertThatThrownBy(() -> StoreSettings.builder("s1").templateOverride("it/email.html", "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("templateOverrides");
        assertThatThrownBy(() -> StoreSettings.builder("s1").quietHours(null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quietHours.start");
    }

    private static Customer customer(int orders, String ltv) {
        return new Customer("s1", "u1", "u1@example.com", null, null, null, orders, new BigDecimal(ltv), true);
    }

    private static Cart cart(Integer lowestInventory) {
        return new Cart("s1", "c1", "u1", null, java.util.Currency.getInstance("EUR"), List.of(
                new CartItem("A", "Coat", 1, BigDecimal.TEN, null, lowestInventory),
                new CartItem("B", "Hat", 1, BigDecimal.ONE, null, 50)), new BigDecimal("11"), null,
                Instant.parse("2026-03-02T09:00:00Z"));
    }
}

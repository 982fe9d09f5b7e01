package io.cartrecovery.examples.stats;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogStatsTest {
    private static final StoreSettings SETTINGS = StoreSettings.defaults("s");
    private static final Instant T = Instant.parse("2026-03-02T23:30:00Z");

    @Test
    void anEmptyLogHasZeroRatesAndEveryTypeAndStep() {
        EventLogStats stats = EventLogStats.of(List.of(), SETTINGS, ZoneOffset.UTC);
        assertThat(stats.recoveryRate()).isZero();
        assertThat(stats.emailOpenRate()).isZero();
        assertThat(stats.popupClickRate()).isZero();
        assertThat(stats.sequencesByType()).containsOnlyKeys(SequenceType.values()).allSatisfy((t, n) ->
                assertThat(n).isZero());
        assertThat(stats.steps()).containsOnlyKeys(SequencePolicy.POPUP_1H, SequencePolicy.EMAIL_2H,
                SequencePolicy.EMAIL_24H, SequencePolicy.EMAIL_48H, SequencePolicy.EMAIL_72H);
        assertThat(stats.recoveredRevenue()).isZero();
    }

    @Test
    void engagementCountsOncePerSentStepAndRecoveriesOncePerSequence() {
        List<RecoveryEvent> log = List.of(
                event("q1", EventType.SEQUENCE_STARTED, null, null, "FIRST_TIME"),
                event("q2", EventType.SEQUENCE_STARTED, null, null, "HIGH_VALUE"),
                event("q1", EventType.STEP_SENT, "POPUP_1H", null, null),
                event("q1", EventType.POPUP_SHOWN, "POPUP_1H", null, null),
                event("q1", EventType.STEP_SENT, "EMAIL_2H", null, null),
                event("q1", EventType.MESSAGE_OPENED, "EMAIL_2H", null, null),
                event("q1", EventType.MESSAGE_OPENED, "EMAIL_2H", null, null),
                event("q1", EventType.MESSAGE_CLICKED, "EMAIL_2H", null, null),
                event("q2", EventType.MESSAGE_OPENED, "EMAIL_2H", null, null), // opened but never sent: ignored
                event("q2", EventType.STEP_SKIPPED, "EMAIL_2H", null, "NO_CONSENT"),
                event("q1", EventType.CART_RECOVERED, null, new BigDecimal("80.00"), "o1"),
                event("q1", EventType.SEQUENCE_STOPPED, null, null, "PURCHASED"),
                event("q2", EventType.CART_RECOVERED, null, new BigDecimal("20.00"), "o2"),
                event("q2", EventType.CART_RECOVERED, null, new BigDecimal("20.00"), "o2"));

        EventLogStats stats = EventLogStats.of(log, SETTINGS, ZoneOffset.ofHours(1));

        assertThat(stats.sequencesStarted()).isEqualTo(2);
        assertThat(stats.sequencesByType().get(SequenceType.HIGH_VALUE)).isEqualTo(1);
        assertThat(stats.emailsSent()).isEqualTo(1);
        assertThat(stats.emailOpenRate()).isEqualTo(1.0);
        assertThat(stats.emailClickRate()).isEqualTo(1.0);
        assertThat(stats.popupShowRate()).isEqualTo(1.0);
        assertThat(stats.steps().get("EMAIL_2H").skipped()).isEqualTo(1);
        assertThat(stats.recovered()).isEqualTo(2);
        assertThat(stats.recoveryRate()).isEqualTo(1.0);
        assertThat(stats.recoveredRevenue()).isEqualByComparingTo("100.00");
        assertThat(stats.recoveredAfter()).containsExactly(
                org.assertj.core.api.Assertions.entry("EMAIL_2H", 1),
                org.assertj.core.api.Assertions.entry(EventLogStats.NONE, 1));
        assertThat(stats.recoveriesPerDay()).containsOnlyKeys(LocalDate.of(2026, 3, 3)); // 00:30 at UTC+1
        assertThat(stats.stopReasons()).containsEntry("PURCHASED", 1);
    }

    private static RecoveryEvent event(String sequenceId, EventType type, String stepId, BigDecimal value,
                                       String detail) {
        return new RecoveryEvent("s", type, sequenceId, "c-" + sequenceId, "u-" + sequenceId, stepId, null, value,
                detail, T);
    }
}

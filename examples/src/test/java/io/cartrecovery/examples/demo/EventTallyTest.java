package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.StoreSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The demo's own counts on a hand-written log. */
class EventTallyTest {
    private static final StoreSettings SETTINGS = StoreSettings.defaults("s");
    private static final Instant T = Instant.parse("2026-03-02T23:30:00Z");

    @Test
    void anEmptyLogHasEveryStepInPlanOrderAndNothingCounted() {
        EventTally tally = EventTally.of(List.of(), SETTINGS, ZoneOffset.UTC);

        assertThat(tally.steps().keySet()).containsExactly(SequencePolicy.POPUP_1H, SequencePolicy.EMAIL_2H,
                SequencePolicy.EMAIL_24H, SequencePolicy.EMAIL_48H, SequencePolicy.EMAIL_72H);
        assertThat(tally.steps().get(SequencePolicy.POPUP_1H).channel()).isEqualTo(Channel.POPUP);
        assertThat(tally.steps().values()).allSatisfy(c -> assertThat(c.skipped() + c.failed()).isZero());
        assertThat(tally.popupsShown()).isZero();
        assertThat(tally.recoveriesPerDay()).isEmpty();
    }

    @Test
    void countsSkipsFailuresShownPopupsEndingsAndTreatedRecoveriesPerDay() {
        List<RecoveryEvent> log = List.of(
                event("q1", EventType.SEQUENCE_STARTED, null, null, "FIRST_TIME", "x/control"),
                event("q2", EventType.SEQUENCE_STARTED, null, null, "FIRST_TIME", "x/holdout"),
                event("q1", EventType.STEP_SENT, "POPUP_1H", null, null, "x/control"),
                event("q1", EventType.POPUP_SHOWN, "POPUP_1H", null, null, "x/control"),
                event("q2", EventType.POPUP_SHOWN, "POPUP_1H", null, null, "x/holdout"), // never sent: ignored
                event("q2", EventType.STEP_SKIPPED, "POPUP_1H", null, "HOLDOUT", "x/holdout"),
                event("q1", EventType.STEP_FAILED, "EMAIL_2H", null, "bounced", "x/control"),
                event("q1", EventType.STEP_RETRY_SCHEDULED, "EMAIL_2H", null, null, "x/control"),
                event("q1", EventType.CART_RECOVERED, null, new BigDecimal("80.00"), "o1", "x/control"),
                event("q1", EventType.CART_RECOVERED, null, new BigDecimal("80.00"), "o1", "x/control"),
                event("q1", EventType.SEQUENCE_STOPPED, null, null, "PURCHASED", "x/control"),
                event("q2", EventType.CART_RECOVERED, null, new BigDecimal("20.00"), "o2", "x/holdout"),
                event("q2", EventType.SEQUENCE_COMPLETED, null, null, null, "x/holdout"),
                event(null, EventType.CUSTOMER_OPTED_OUT, null, null, "u-9", null));

        EventTally tally = EventTally.of(log, SETTINGS, ZoneOffset.ofHours(1));

        assertThat(tally.steps().get("POPUP_1H").skipped()).isEqualTo(1);
        assertThat(tally.steps().get("EMAIL_2H").failed()).isEqualTo(1);
        assertThat(tally.popupsShown()).isEqualTo(1);
        assertThat(tally.retries()).isEqualTo(1);
        assertThat(tally.optOuts()).isEqualTo(1);
        assertThat(tally.completed()).isEqualTo(1);
        assertThat(tally.stopReasons()).containsExactly(entry("PURCHASED", 1));
        assertThat(tally.recoveriesPerDay()).containsExactly(entry(LocalDate.of(2026, 3, 3), 1)); // 00:30 at UTC+1
    }

    private static RecoveryEvent event(String sequenceId, EventType type, String stepId, BigDecimal value,
                                       String detail, String variant) {
        return new RecoveryEvent("s", type, sequenceId, sequenceId == null ? null : "c-" + sequenceId,
                sequenceId == null ? null : "u-" + sequenceId, stepId, variant, value, detail, T);
    }
}

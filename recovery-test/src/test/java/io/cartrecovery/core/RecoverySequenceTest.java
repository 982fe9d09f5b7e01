package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sequence's transitions keep its identity and change only its progress; events carry what they name. */
class RecoverySequenceTest {
    private static final List<StepDefinition> PLAN = List.of(
            StepDefinition.of("POPUP_1H", Duration.ofHours(1), Channel.POPUP, Tone.HELPFUL_REMINDER),
            StepDefinition.of("EMAIL_2H", Duration.ofHours(2), Channel.EMAIL, Tone.HELPFUL_REMINDER));

    private final RecoverySequence started = RecoverySequence.start("seq-1", Fixtures.cart("shop", "c1", "u1", T0),
            SequenceType.FIRST_TIME, "B", PLAN, T0, T0.plusSeconds(3600), T0.plusSeconds(60));

    @Test
    void aNewSequenceIsActiveAtItsFirstStepAtVersionOne() {
        assertThat(started.identity()).isEqualTo(new SequenceIdentity("seq-1", "shop", "c1", "u1",
                SequenceType.FIRST_TIME, "B", PLAN, T0, T0.plusSeconds(60)));
        assertThat(started.progress()).isEqualTo(new SequenceProgress(SequenceStatus.ACTIVE, null, 0, 0,
                T0.plusSeconds(3600), null, null, List.of(), Set.of()));
        assertThat(started.version()).isEqualTo(1);
        assertThat(started.currentStep().id()).isEqualTo("POPUP_1H");
        assertThat(started.followingStep().id()).isEqualTo("EMAIL_2H");
    }

    @Test
    void everyTransitionKeepsTheIdentityAndRaisesTheVersionByOne() {
        Instant at = T0.plusSeconds(3600);
        RecoverySequence claimed = started.claim(at, Duration.ofMinutes(5));
        RecoverySequence retrying = claimed.retryAt(at.plusSeconds(600));
        RecoverySequence failedRun = retrying.runFailed(at.plusSeconds(1200));
        RecoverySequence unreachable = failedRun.withUnreachable(Channel.POPUP);

        for (RecoverySequence next : List.of(claimed, retrying, failedRun, unreachable)) {
            assertThat(next.identity()).isSameAs(started.identity());
        }
        assertThat(List.of(claimed, retrying, failedRun, unreachable)).extracting(RecoverySequence::version)
                .containsExactly(2L, 3L, 4L, 5L);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.leaseUntil()).isEqualTo(at.plusSeconds(300)).isEqualTo(claimed.dueAt());
        assertThat(retrying.isInFlight()).isFalse();
        assertThat(retrying.attempt()).isEqualTo(1);
        assertThat(retrying.dueAt()).isEqualTo(at.plusSeconds(600));
        assertThat(failedRun.attempt()).isEqualTo(2);
        assertThat(unreachable.unreachable()).containsExactly(Channel.POPUP);
        assertThat(unreachable.hasReachableStepFrom(0)).isTrue();
        assertThat(unreachable.hasReachableStepFrom(1)).isTrue();
        assertThat(unreachable.withUnreachable(Channel.EMAIL).hasReachableStepFrom(0)).isFalse();
    }

    @Test
    void advancingPastTheLastStepCompletesWithEveryOutcomeInOrder() {
        StepOutcome first = new StepOutcome("POPUP_1H", StepStatus.SKIPPED, "NO_STOREFRONT_TOKEN", 1,
                T0.plusSeconds(3600));
        StepOutcome second = new StepOutcome("EMAIL_2H", StepStatus.SENT, null, 1, T0.plusSeconds(7200));

        RecoverySequence atSecond = started.claim(T0.plusSeconds(3600), Duration.ofMinutes(5))
                .advance(first, T0.plusSeconds(7200), T0.plusSeconds(3600));
        RecoverySequence completed = atSecond.claim(T0.plusSeconds(7200), Duration.ofMinutes(5))
                .advance(second, null, T0.plusSeconds(7201));

        assertThat(atSecond.nextStep()).isEqualTo(1);
        assertThat(atSecond.attempt()).isZero();
        assertThat(atSecond.dueAt()).isEqualTo(T0.plusSeconds(7200));
        assertThat(completed.status()).isEqualTo(SequenceStatus.COMPLETED);
        assertThat(completed.outcomes()).containsExactly(first, second);
        assertThat(completed.endedAt()).isEqualTo(T0.plusSeconds(7201));
        assertThat(completed.dueAt()).isNull();
        assertThat(completed.leaseUntil()).isNull();
        assertThat(completed.currentStep()).isNull();
    }

    @Test
    void aStoppedSequenceKeepsItsStepAndRefusesEveryFurtherStepTransition() {
        RecoverySequence stopped = started.claim(T0.plusSeconds(3600), Duration.ofMinutes(5))
                .stop(StopReason.PURCHASED, T0.plusSeconds(3700));

        assertThat(stopped.status()).isEqualTo(SequenceStatus.STOPPED);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(stopped.nextStep()).isZero();
        assertThat(stopped.attempt()).isEqualTo(1);
        assertThat(stopped.isInFlight()).isFalse();
        assertThat(stopped.endedAt()).isEqualTo(T0.plusSeconds(3700));
        assertThatThrownBy(() -> stopped.claim(T0, Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stopped.stop(StopReason.MANUAL, T0)).isInstanceOf(IllegalStateException.class);
        StepOutcome late = new StepOutcome("POPUP_1H", StepStatus.SENT, null, 1, T0.plusSeconds(3701));
        assertThat(stopped.withLateOutcome(late).outcomes()).containsExactly(late);
        assertThat(stopped.withLateOutcome(late).status()).isEqualTo(SequenceStatus.STOPPED);
    }

    @Test
    void retryingAStepThatRanGoesBackToItWithNoAttempts() {
        RecoverySequence atSecond = started.claim(T0.plusSeconds(3600), Duration.ofMinutes(5))
                .advance(new StepOutcome("POPUP_1H", StepStatus.FAILED, "RUN_FAILED", 5, T0.plusSeconds(3600)),
                        T0.plusSeconds(7200), T0.plusSeconds(3600));

        RecoverySequence again = atSecond.retryStep(0, T0.plusSeconds(4000));

        assertThat(again.nextStep()).isZero();
        assertThat(again.attempt()).isZero();
        assertThat(again.dueAt()).isEqualTo(T0.plusSeconds(4000));
        assertThatThrownBy(() -> atSecond.retryStep(1, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index");
    }

    @Test
    void badPartsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new SequenceIdentity(" ", "shop", "c1", "u1", SequenceType.FIRST_TIME, null, PLAN,
                T0, T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new SequenceIdentity("s", "shop", "c1", "u1", SequenceType.FIRST_TIME, null,
                List.of(), T0, T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan");
        assertThatThrownBy(() -> new SequenceProgress(SequenceStatus.STOPPED, null, 0, 0, null, null, T0, List.of(),
                Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopReason");
        assertThatThrownBy(() -> new SequenceProgress(SequenceStatus.ACTIVE, null, 0, 0, null, null, null,
                List.of(), Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dueAt");
        assertThatThrownBy(() -> new SequenceProgress(SequenceStatus.ACTIVE, null, 0, -1, T0, null, null,
                List.of(), Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
        assertThatThrownBy(() -> new SequenceProgress(SequenceStatus.ACTIVE, null, 0, 0, T0, null, null, null,
                Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomes");
        SequenceProgress beyondThePlan = new SequenceProgress(SequenceStatus.COMPLETED, null, 3, 0, null, null, T0,
                List.of(), Set.of());
        assertThatThrownBy(() -> new RecoverySequence(started.identity(), beyondThePlan, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nextStep");
        assertThatThrownBy(() -> new RecoverySequence(started.identity(), started.progress(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> new RecoverySequence(null, started.progress(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
    }

    @Test
    void eachEventFactoryFillsItsTypesFieldsAndTheSequencesIds() {
        StepOutcome skipped = new StepOutcome("POPUP_1H", StepStatus.SKIPPED, "QUIET_HOURS", 1, T0);
        StepOutcome failed = new StepOutcome("POPUP_1H", StepStatus.FAILED, "RUN_FAILED: Boom", 5, T0);
        RecoverySequence stopped = started.stop(StopReason.OPTED_OUT, T0.plusSeconds(5));
        Order order = new Order("shop", "o-1", "c1", "u1", new BigDecimal("171.50"), T0.plusSeconds(9));

        assertThat(RecoveryEvent.stepOutcome(started, skipped, T0)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.STEP_SKIPPED);
            assertThat(e.stepId()).isEqualTo("POPUP_1H");
            assertThat(e.detail()).isEqualTo("QUIET_HOURS");
        });
        assertThat(RecoveryEvent.stepOutcome(started, failed, T0).type()).isEqualTo(EventType.STEP_FAILED);
        assertThat(RecoveryEvent.sequenceStarted(started, new BigDecimal("171.50"), T0))
                .isEqualTo(new RecoveryEvent("shop", EventType.SEQUENCE_STARTED, "seq-1", "c1", "u1", null, "B",
                        new BigDecimal("171.50"), "FIRST_TIME", T0));
        assertThat(RecoveryEvent.sequenceStopped(stopped, T0).detail()).isEqualTo("OPTED_OUT");
        assertThat(RecoveryEvent.cartRecovered(stopped, order, order.placedAt()))
                .isEqualTo(new RecoveryEvent("shop", EventType.CART_RECOVERED, "seq-1", "c1", "u1", null, "B",
                        new BigDecimal("171.50"), "o-1", T0.plusSeconds(9)));
        assertThat(RecoveryEvent.messageClicked(started, "EMAIL_2H", "https://shop.example.com/cart", T0))
                .isEqualTo(new RecoveryEvent("shop", EventType.MESSAGE_CLICKED, "seq-1", "c1", "u1", "EMAIL_2H",
                        "B", null, "https://shop.example.com/cart", T0));
        assertThat(List.of(RecoveryEvent.sequenceCompleted(started, T0), RecoveryEvent.messageOpened(started,
                        "EMAIL_2H", T0), RecoveryEvent.popupShown(started, "POPUP_1H", T0),
                RecoveryEvent.retryScheduled(started, "POPUP_1H", "TIMEOUT", T0),
                RecoveryEvent.messageFallback(started, "EMAIL_2H", "TimeoutException", T0)))
                .extracting(RecoveryEvent::type).containsExactly(EventType.SEQUENCE_COMPLETED,
                        EventType.MESSAGE_OPENED, EventType.POPUP_SHOWN, EventType.STEP_RETRY_SCHEDULED,
                        EventType.MESSAGE_FALLBACK);
    }
}

package io.cartrecovery.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sender can tell a first attempt from a repeat, and a repeat whose predecessor's outcome is known (a recorded
 * transient failure) from one that may follow a delivered send (a node that died between send and completion).
 */
class RepeatedAttemptTest {
    private static final String STORE = EngineHarness.STORE;

    @Test
    void aFirstAttemptAndARetryAfterARecordedFailureAreNoPossibleRepeats() {
        EngineHarness h = new EngineHarness();
        h.abandon("c1", "u1");
        h.popup.failTransiently(1);

        h.scheduler.advance(Duration.ofHours(1).plusMinutes(10));

        assertThat(h.popup.attempts()).extracting(a -> a.delivery().attempt())
                .containsExactly(Delivery.Attempt.FIRST, new Delivery.Attempt(2, false));
        assertThat(h.popup.attempts()).allSatisfy(a ->
                assertThat(a.delivery().idempotencyKey()).endsWith(":POPUP_1H"));
    }

    @Test
    void aTakeoverAfterALostLeaseIsFlaggedAsAPossibleRepeatWithTheSameKey() {
        EngineHarness h = new EngineHarness();
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.clock.set(sequence.dueAt());
        // A node claims the step, sends, and dies before its completion is recorded.
        RecoverySequence claimed = sequence.claim(h.clock.instant(), RecoveryEngine.Builder.DEFAULT_LEASE);
        assertThat(h.store.compareAndSet(sequence, claimed, List.of())).isTrue();

        h.scheduler.advance(RecoveryEngine.Builder.DEFAULT_LEASE.plusSeconds(1));

        assertThat(h.popup.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.delivery().attempt()).isEqualTo(new Delivery.Attempt(2, true));
            assertThat(attempt.delivery().attempt().possibleRepeat()).isTrue();
            assertThat(attempt.delivery().idempotencyKey()).isEqualTo(sequence.id() + ":POPUP_1H");
        });
        assertThat(h.reload(sequence).outcomes()).singleElement()
                .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(StepStatus.SENT));
    }

    @Test
    void attemptsAreValidated() {
        assertThatThrownBy(() -> new Delivery.Attempt(0, false)).hasMessageContaining("number");
        assertThatThrownBy(() -> new Delivery.Attempt(1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullArgumentsOfThePublicApiAreBadInputNamingTheField() {
        EngineHarness h = new EngineHarness();
        assertThatThrownBy(() -> h.engine.configureStore(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("settings");
        assertThatThrownBy(() -> RecoveryStore.inMemory().settings(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeId");
        assertThatThrownBy(() -> RecoveryStore.inMemory().dueTimers(null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("now");
        assertThatThrownBy(() -> Scheduler.virtualTime(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> Scheduler.realTime(null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> io.cartrecovery.core.links.SignedLinks.of(null, java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
    }
}

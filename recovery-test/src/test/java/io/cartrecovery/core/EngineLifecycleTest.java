package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cartrecovery.core.EngineHarness.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineLifecycleTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void purchaseStopsTheSequenceAndRecordsTheRecoveredValue() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(3)); // popup and 2h email sent

        h.engine.orderPlaced(new Order(STORE, "o1", "c1", "u1", new BigDecimal("171.50"), h.clock.instant()));
        h.scheduler.advance(Duration.ofDays(5));

        RecoverySequence stopped = h.reload(sequence);
        assertThat(stopped.status()).isEqualTo(SequenceStatus.STOPPED);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(h.email.sent()).hasSize(1);
        assertThat(h.engine.history(STORE, sequence.id()))
                .filteredOn(e -> e.type() == EventType.CART_RECOVERED)
                .singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualByComparingTo("171.50"));
    }

    @Test
    void optOutStopsTheSequenceAndSuppressesFutureOnes() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.engine.customerOptedOut(STORE, "u1");

        assertThat(h.reload(sequence).stopReason()).isEqualTo(StopReason.OPTED_OUT);
        h.clock.advance(Duration.ofHours(1));
        h.engine.cartUpdated(Fixtures.cart(STORE, "c2", "u1", h.clock.instant()), Fixtures.customer(STORE, "u1"));
        assertThat(h.engine.cartAbandoned(STORE, "c2", h.clock.instant())).isEmpty();
        h.scheduler.advance(Duration.ofDays(4));
        assertThat(h.email.attempts()).isEmpty();
        assertThat(h.popup.attempts()).isEmpty();
    }

    @Test
    void aNewerCartOfTheSameCustomerSupersedesTheOldSequence() {
        RecoverySequence first = h.abandon("c1", "u1");
        h.clock.advance(Duration.ofMinutes(10));
        RecoverySequence second = h.abandon("c2", "u1");

        assertThat(h.reload(first).stopReason()).isEqualTo(StopReason.SUPERSEDED);
        assertThat(h.reload(second).isActive()).isTrue();
        assertThat(h.engine.activeSequences(STORE, PageRequest.first(10)).items())
                .extracting(RecoverySequence::id).containsExactly(second.id());
    }

    @Test
    void abandoningTwiceIsIdempotent() {
        RecoverySequence first = h.abandon("c1", "u1");
        RecoverySequence again = h.engine.cartAbandoned(STORE, "c1", h.clock.instant()).orElseThrow();

        assertThat(again.id()).isEqualTo(first.id());
        h.engine.stop(STORE, first.id(), StopReason.MANUAL);
        assertThat(h.engine.cartAbandoned(STORE, "c1", h.clock.instant()).orElseThrow().id()).isEqualTo(first.id());
    }

    @Test
    void missingEmailSkipsEmailStepsWithAReasonWithoutStallingTheSequence() {
        Customer noEmail = new Customer(STORE, "u1", null, "Alex", null, null, 0, BigDecimal.ZERO, true);
        h.engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", h.clock.instant()), noEmail);
        RecoverySequence sequence = h.engine.cartAbandoned(STORE, "c1", h.clock.instant()).orElseThrow();

        h.scheduler.advance(Duration.ofDays(4));

        RecoverySequence done = h.reload(sequence);
        assertThat(done.status()).isEqualTo(SequenceStatus.COMPLETED);
        assertThat(done.outcomes()).extracting(StepOutcome::status, StepOutcome::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(StepStatus.SENT, null),
                org.assertj.core.groups.Tuple.tuple(StepStatus.SKIPPED, "NO_EMAIL"),
                org.assertj.core.groups.Tuple.tuple(StepStatus.SKIPPED, "NO_EMAIL"),
                org.assertj.core.groups.Tuple.tuple(StepStatus.SKIPPED, "NO_EMAIL"),
                org.assertj.core.groups.Tuple.tuple(StepStatus.SKIPPED, "NO_EMAIL"));
        assertThat(h.email.attempts()).isEmpty();
    }

    @Test
    void aStepWhoseCartWasErasedIsSkippedAndSendsNothing() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofMinutes(90)); // popup sent
        h.store.deleteCart(STORE, "c1");

        h.scheduler.advance(Duration.ofHours(1));

        assertThat(h.reload(sequence).outcomes().get(1)).satisfies(o -> {
            assertThat(o.status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(o.reason()).isEqualTo("CART_OR_CUSTOMER_MISSING");
        });
        assertThat(h.email.attempts()).isEmpty();
    }

    @Test
    void noConsentSkipsEmailWhereTheStoreRequiresIt() {
        Customer noConsent = new Customer(STORE, "u1", "u1@example.com", null, null, null, 0, BigDecimal.ZERO, false);
        h.engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", h.clock.instant()), noConsent);
        RecoverySequence sequence = h.engine.cartAbandoned(STORE, "c1", h.clock.instant()).orElseThrow();
        h.scheduler.advance(Duration.ofDays(4));

        assertThat(h.reload(sequence).outcomes()).filteredOn(o -> o.stepId().startsWith("EMAIL"))
                .extracting(StepOutcome::reason).containsOnly("NO_CONSENT");
        assertThat(h.email.attempts()).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedWithGrowingJitteredBackoffThenSent() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofMinutes(90)); // popup done
        h.email.failTransiently(3);

        h.scheduler.advance(Duration.ofHours(3));

        List<RecordingSender.Attempt> attempts = h.email.attempts();
        assertThat(attempts).hasSize(4);
        Instant due = sequence.abandonedAt().plus(Duration.ofHours(2));
        assertThat(attempts.get(0).at()).isEqualTo(due);
        for (int i = 1; i < attempts.size(); i++) {
            long waited = Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()).toMillis();
            double base = 60_000 * Math.pow(2, i - 1);
            assertThat((double) waited).isBetween(base * 0.8, base * 1.2);
        }
        assertThat(attempts).extracting(a -> a.delivery().idempotencyKey()).containsOnly(sequence.id() + ":EMAIL_2H");
        assertThat(h.reload(sequence).outcomes().get(1)).satisfies(o -> {
            assertThat(o.status()).isEqualTo(StepStatus.SENT);
            assertThat(o.attempts()).isEqualTo(4);
        });
    }

    @Test
    void exhaustedRetriesRecordTheStepAsFailedAndTheSequenceMovesOn() {
        EngineHarness small = new EngineHarness(
                new RetryPolicy(3, Duration.ofMinutes(1), 2.0, Duration.ofMinutes(10), 0.0), MessageGenerator.templates());
        RecoverySequence sequence = small.abandon("c1", "u1");
        small.scheduler.advance(Duration.ofMinutes(90));
        small.email.failTransiently(3);

        small.scheduler.advance(Duration.ofHours(22));

        RecoverySequence after = small.reload(sequence);
        assertThat(after.outcomes().get(1).status()).isEqualTo(StepStatus.FAILED);
        assertThat(after.outcomes().get(1).reason()).startsWith("RETRIES_EXHAUSTED");
        assertThat(after.isActive()).isTrue();
        assertThat(after.currentStep().id()).isEqualTo(SequencePolicy.EMAIL_24H);
        assertThat(small.engine.history(STORE, sequence.id())).extracting(RecoveryEvent::type)
                .containsSubsequence(EventType.STEP_RETRY_SCHEDULED, EventType.STEP_RETRY_SCHEDULED,
                        EventType.STEP_FAILED);
    }

    @Test
    void aRetryThatWouldLandAfterTheNextStepGivesWay() {
        EngineHarness slow = new EngineHarness(
                new RetryPolicy(5, Duration.ofHours(30), 2.0, Duration.ofHours(30), 0.0), MessageGenerator.templates());
        RecoverySequence sequence = slow.abandon("c1", "u1");
        slow.scheduler.advance(Duration.ofMinutes(90));
        slow.email.failTransiently(1);

        slow.scheduler.advance(Duration.ofHours(22));

        assertThat(slow.reload(sequence).outcomes().get(1).reason()).startsWith("GAVE_WAY_TO_NEXT_STEP");
        assertThat(slow.email.attempts()).hasSize(1);
    }

    @Test
    void permanentFailureMarksTheChannelUnreachableAndStopsWhenNothingElseCanReachTheCustomer() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofMinutes(90));
        h.email.failPermanently();

        h.scheduler.advance(Duration.ofHours(1));

        RecoverySequence stopped = h.reload(sequence);
        assertThat(stopped.unreachable()).containsExactly(Channel.EMAIL);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.UNREACHABLE);
        assertThat(h.store.isSuppressed(STORE, SuppressionKey.email("u1@example.com"))).isTrue();
        h.scheduler.advance(Duration.ofDays(4));
        assertThat(h.email.attempts()).hasSize(1);
    }

    @Test
    void aFailingGeneratorFallsBackToTemplatesAndSaysSo() {
        EngineHarness failing = new EngineHarness(RetryPolicy.defaults(), request -> {
            throw new IllegalStateException("LLM down");
        });
        RecoverySequence sequence = failing.abandon("c1", "u1");
        failing.scheduler.advance(Duration.ofHours(3));

        assertThat(failing.email.sent()).singleElement()
                .satisfies(a -> assertThat(a.delivery().message().subject()).contains("Merino Wool Sweater"));
        assertThat(failing.engine.history(STORE, sequence.id())).extracting(RecoveryEvent::type)
                .contains(EventType.MESSAGE_FALLBACK);
    }

    @Test
    void aStepOvertakenByTheNextAfterDowntimeIsSkippedNotSentBackToBack() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        // The host was down for a day: the clock jumps past several due times before any timer runs.
        h.clock.advance(Duration.ofHours(25));
        h.scheduler.runDue();

        assertThat(h.reload(sequence).outcomes()).extracting(StepOutcome::stepId, StepOutcome::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POPUP_1H", StepStatus.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("EMAIL_2H", StepStatus.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("EMAIL_24H", StepStatus.SENT));
        assertThat(h.email.sent()).hasSize(1);
    }

    @Test
    void aSequenceRunningPastItsExpiryStopsAsExpired() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.clock.advance(Duration.ofDays(8));
        h.scheduler.runDue();

        assertThat(h.reload(sequence).stopReason()).isEqualTo(StopReason.EXPIRED);
        assertThat(h.email.attempts()).isEmpty();
    }

    @Test
    void manualStopAndRestartStartsANewSequenceFromNow() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofHours(5));
        RecoverySequence stopped = h.engine.stop(STORE, sequence.id(), StopReason.MANUAL);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.MANUAL);
        assertThat(h.engine.stop(STORE, sequence.id(), StopReason.MANUAL)).isEqualTo(stopped);
        assertThatThrownBy(() -> h.engine.restart(STORE, "nope")).isInstanceOf(NotFoundException.class);

        RecoverySequence restarted = h.engine.restart(STORE, sequence.id());

        assertThat(restarted.id()).isNotEqualTo(sequence.id());
        assertThat(restarted.abandonedAt()).isEqualTo(h.clock.instant());
        assertThat(restarted.dueAt()).isEqualTo(h.clock.instant().plus(Duration.ofHours(1)));
        assertThatThrownBy(() -> h.engine.restart(STORE, restarted.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    void activeSequencesArePagedInIdOrder() {
        for (int i = 0; i < 7; i++) {
            h.abandon("c" + i, "u" + i);
        }
        Page<RecoverySequence> first = h.engine.activeSequences(STORE, PageRequest.first(3));
        Page<RecoverySequence> second = h.engine.activeSequences(STORE, new PageRequest(first.nextCursor(), 3));
        Page<RecoverySequence> third = h.engine.activeSequences(STORE, new PageRequest(second.nextCursor(), 3));

        List<String> all = new java.util.ArrayList<>();
        List.of(first, second, third).forEach(p -> p.items().forEach(s -> all.add(s.id())));
        assertThat(all).hasSize(7).isSorted().doesNotHaveDuplicates();
        assertThat(third.hasNext()).isFalse();
    }

    @Test
    void eventLogHasOneSentEventPerSentStep() {
        RecoverySequence sequence = h.abandon("c1", "u1");
        h.scheduler.advance(Duration.ofDays(4));

        List<RecoveryEvent> history = h.engine.history(STORE, sequence.id());
        assertThat(history).filteredOn(e -> e.type() == EventType.STEP_SENT).extracting(RecoveryEvent::stepId)
                .containsExactly("POPUP_1H", "EMAIL_2H", "EMAIL_24H", "EMAIL_48H", "EMAIL_72H");
        assertThat(history.get(0).type()).isEqualTo(EventType.SEQUENCE_STARTED);
        assertThat(history.get(0).value()).isEqualByComparingTo(new BigDecimal("171.50").setScale(2, RoundingMode.UNNECESSARY));
        assertThat(history.get(history.size() - 1).type()).isEqualTo(EventType.SEQUENCE_COMPLETED);
    }
}

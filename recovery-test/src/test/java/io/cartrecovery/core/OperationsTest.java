package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator sees: listeners after every commit, health and lag, dead letters, and the logging context. */
class OperationsTest {
    private static final String STORE = "ops-store";

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecordingSender popup = new RecordingSender(clock);
    private final List<RecoveryListener.Notice> notices = Collections.synchronizedList(new ArrayList<>());
    private final List<RecoveryListener.StepTimes> times = Collections.synchronizedList(new ArrayList<>());

    private RecoveryEngine engine(RecoveryListener... extra) {
        RecoveryEngine.Builder builder = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(5))
                .retryPolicy(new RetryPolicy(2, Duration.ofMinutes(1), 2.0, Duration.ofMinutes(5), 0.0))
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build());
        for (RecoveryListener listener : extra) {
            builder.listener(listener);
        }
        return builder.listener(new RecoveryListener() {
            @Override
            public void onEvent(Notice notice) {
                notices.add(notice);
            }

            @Override
            public void onStepTimed(StepTimes stepTimes) {
                times.add(stepTimes);
            }
        }).build();
    }

    private RecoverySequence abandon(RecoveryEngine engine, String cartId, String customerId) {
        engine.cartUpdated(Fixtures.cart(STORE, cartId, customerId, clock.instant()),
                Fixtures.customer(STORE, customerId));
        return engine.cartAbandoned(STORE, cartId, clock.instant()).orElseThrow();
    }

    private List<EventType> types() {
        return notices.stream().map(n -> n.event().type()).toList();
    }

    @Test
    void listenersHearEveryCommittedChangeWithItsChannelAndTheStepTimings() {
        RecoveryEngine engine = engine();
        RecoverySequence sequence = abandon(engine, "c1", "u1");
        email.failTransiently(1);

        scheduler.advance(Duration.ofHours(2).plusMinutes(5));
        engine.orderPlaced(new Order(STORE, "o1", "c1", "u1", new BigDecimal("171.50"), clock.instant()));

        assertThat(types()).containsExactly(EventType.SEQUENCE_STARTED, EventType.STEP_SENT,
                EventType.STEP_RETRY_SCHEDULED, EventType.STEP_SENT, EventType.CART_RECOVERED,
                EventType.SEQUENCE_STOPPED);
        assertThat(notices).filteredOn(n -> n.event().type() == EventType.STEP_SENT)
                .extracting(RecoveryListener.Notice::channel).containsExactly(Channel.POPUP, Channel.EMAIL);
        assertThat(notices.get(notices.size() - 1).sequence().stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(notices.get(notices.size() - 1).event().detail()).isEqualTo("PURCHASED");
        assertThat(times).extracting(RecoveryListener.StepTimes::stepId, RecoveryListener.StepTimes::attempt,
                        RecoveryListener.StepTimes::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POPUP_1H", 1, SendResult.Status.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("EMAIL_2H", 1, SendResult.Status.TRANSIENT_FAILURE),
                        org.assertj.core.groups.Tuple.tuple("EMAIL_2H", 2, SendResult.Status.DELIVERED));
        assertThat(times).allSatisfy(t -> {
            assertThat(t.sequenceId()).isEqualTo(sequence.id());
            assertThat(t.writing().isNegative()).isFalse();
            assertThat(t.sending().isNegative()).isFalse();
        });
    }

    @Test
    void aThrowingListenerChangesNoOutcomeAndTheOthersAreStillCalled() {
        RecoveryEngine engine = engine(new RecoveryListener() {
            @Override
            public void onEvent(Notice notice) {
                throw new IllegalStateException("a broken CRM feed");
            }

            @Override
            public void onStepTimed(StepTimes stepTimes) {
                throw new IllegalStateException("a broken meter");
            }
        });
        RecoverySequence sequence = abandon(engine, "c1", "u1");

        scheduler.advance(Duration.ofDays(4));

        assertThat(engine.sequence(STORE, sequence.id()).status()).isEqualTo(SequenceStatus.COMPLETED);
        assertThat(email.sent()).hasSize(4);
        assertThat(types()).endsWith(EventType.STEP_SENT, EventType.SEQUENCE_COMPLETED);
        assertThat(times).hasSize(5);
    }

    @Test
    void healthTellsWhetherItRunsAndHowLongTheOldestDueWorkWaited() {
        RecoveryEngine engine = engine();
        RecoverySequence sequence = abandon(engine, "c1", "u1");
        assertThat(engine.health().lag()).isZero();
        assertThat(engine.health().oldestDueAt()).isNull();

        clock.set(sequence.dueAt().plus(Duration.ofMinutes(7))); // the node was down: nothing ran

        EngineHealth health = engine.health();
        assertThat(health.running()).isTrue();
        assertThat(health.oldestDueAt()).isEqualTo(sequence.dueAt());
        assertThat(health.lag()).isEqualTo(Duration.ofMinutes(7));
        scheduler.runDue();
        assertThat(engine.health().lag()).isZero();
        assertThat(engine.health().lastPoll()).isEqualTo(clock.instant());
    }

    @Test
    void deadLettersAreListedNewestFirstAPageAtATimeAndCanBeSentAgain() {
        RecoveryEngine engine = engine();
        email.otherwiseAnswer(SendResult.transientFailure("relay down"));
        List<RecoverySequence> sequences = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sequences.add(abandon(engine, "c" + i, "u" + i));
        }
        scheduler.advance(Duration.ofHours(2).plusMinutes(10)); // every 2h email fails twice: dead letters

        List<FailedStep> all = new ArrayList<>();
        Page<FailedStep> page = engine.failedSteps(STORE, PageRequest.first(1));
        all.addAll(page.items());
        while (page.hasNext()) {
            page = engine.failedSteps(STORE, new PageRequest(page.nextCursor(), 1));
            all.addAll(page.items());
        }
        assertThat(all).hasSize(3).allSatisfy(failed -> {
            assertThat(failed.stepId()).isEqualTo("EMAIL_2H");
            assertThat(failed.detail()).startsWith("RETRIES_EXHAUSTED");
        });
        assertThat(all).extracting(FailedStep::sequenceId)
                .containsExactlyInAnyOrderElementsOf(sequences.stream().map(RecoverySequence::id).toList());
        assertThat(all).isSortedAccordingTo((a, b) -> b.failedAt().compareTo(a.failedAt()));

        email.otherwiseAnswer(SendResult.delivered());
        RecoverySequence first = sequences.get(0);
        RecoverySequence retrying = engine.retryFailedStep(STORE, first.id(), "EMAIL_2H");
        assertThat(retrying.currentStep().id()).isEqualTo("EMAIL_2H");
        scheduler.runDue();

        assertThat(email.sent()).singleElement().satisfies(sent ->
                assertThat(sent.delivery().idempotencyKey()).isEqualTo(first.id() + ":EMAIL_2H"));
        RecoverySequence after = engine.sequence(STORE, first.id());
        assertThat(after.currentStep().id()).isEqualTo("EMAIL_24H");
        assertThat(after.dueAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> engine.retryFailedStep(STORE, first.id(), "EMAIL_2H"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aDeadLetterIsNotSentAgainOnceTheNextStepIsDueOrTheSequenceEnded() {
        RecoveryEngine engine = engine();
        email.otherwiseAnswer(SendResult.transientFailure("relay down"));
        RecoverySequence sequence = abandon(engine, "c1", "u1");
        RecoverySequence other = abandon(engine, "c2", "u2");
        scheduler.advance(Duration.ofHours(2).plusMinutes(10));

        assertThatThrownBy(() -> engine.retryFailedStep(STORE, sequence.id(), "POPUP_1H"))
                .isInstanceOf(ConflictException.class);
        engine.stop(STORE, other.id(), StopReason.MANUAL);
        assertThatThrownBy(() -> engine.retryFailedStep(STORE, other.id(), "EMAIL_2H"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("ended");
        clock.set(T0.plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> engine.retryFailedStep(STORE, sequence.id(), "EMAIL_2H"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("due");
        assertThatThrownBy(() -> engine.failedSteps(STORE, new PageRequest("not-a-cursor", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page.after");
        assertThatThrownBy(() -> engine.failedSteps("unknown", PageRequest.first(5)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void everyLogLineOfAStepCarriesTheStoreAndSequenceInTheMdc() {
        List<String> seen = new ArrayList<>();
        RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                .sender(Channel.POPUP, delivery -> {
                    seen.add(MDC.get("cartrecovery.storeId") + "/" + MDC.get("cartrecovery.sequenceId"));
                    return SendResult.delivered();
                })
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
        RecoverySequence sequence = abandon(engine, "c1", "u1");

        scheduler.advance(Duration.ofHours(1));

        assertThat(seen).containsExactly(STORE + "/" + sequence.id());
        assertThat(MDC.get("cartrecovery.storeId")).isNull();
    }
}

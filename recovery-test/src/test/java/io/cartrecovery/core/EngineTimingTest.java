package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class EngineTimingTest {
    private static final String STORE = "store-a";

    private SettableClock clock;
    private VirtualTimeScheduler scheduler;
    private RecordingSender email;
    private RecordingSender popup;
    private RecoveryEngine engine;

    @BeforeEach
    void setUp() {
        clock = SettableClock.at(T0);
        scheduler = Scheduler.virtualTime(clock);
        email = new RecordingSender(clock);
        popup = new RecordingSender(clock);
        engine = RecoveryEngine.builder()
                .clock(clock)
                .scheduler(scheduler)
                .sender(Channel.EMAIL, email)
                .sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build())
                .build();
    }

    @Test
    void stepsRunAtAbandonmentPlusTheirOffsetsExactly() {
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        RecoverySequence sequence = engine.cartAbandoned(STORE, "c1", T0).orElseThrow();

        scheduler.advance(Duration.ofDays(4));

        assertThat(popup.sent()).extracting(RecordingSender.Attempt::at).containsExactly(T0.plusSeconds(3600));
        assertThat(email.sent()).extracting(RecordingSender.Attempt::at).containsExactly(
                T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(24)), T0.plus(Duration.ofHours(48)),
                T0.plus(Duration.ofHours(72)));
        assertThat(email.sent()).extracting(a -> a.delivery().idempotencyKey()).containsExactly(
                sequence.id() + ":EMAIL_2H", sequence.id() + ":EMAIL_24H", sequence.id() + ":EMAIL_48H",
                sequence.id() + ":EMAIL_72H");
        RecoverySequence done = engine.sequence(STORE, sequence.id());
        assertThat(done.status()).isEqualTo(SequenceStatus.COMPLETED);
        assertThat(done.outcomes()).extracting(StepOutcome::status).containsOnly(StepStatus.SENT);
    }

    @Test
    void inactiveCartStartsASequenceByItselfAfterAbandonAfter() {
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        scheduler.advance(Duration.ofMinutes(20));
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", clock.instant()), Fixtures.customer(STORE, "u1"));
        Instant lastActivity = clock.instant();

        scheduler.advance(Duration.ofMinutes(29));
        assertThat(engine.activeSequences(STORE, PageRequest.first(10)).items()).isEmpty();

        scheduler.advance(Duration.ofMinutes(1));
        RecoverySequence started = engine.activeSequences(STORE, PageRequest.first(10)).items().get(0);
        assertThat(started.abandonedAt()).isEqualTo(lastActivity);

        scheduler.advance(Duration.ofHours(2));
        assertThat(popup.sent()).extracting(RecordingSender.Attempt::at)
                .containsExactly(lastActivity.plus(Duration.ofHours(1)));
    }
}

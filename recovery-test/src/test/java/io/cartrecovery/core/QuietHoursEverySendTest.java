package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No email, first attempt, retry or late step, is sent inside the customer's quiet hours; a send that would fall
 * inside them waits for their end, or gives way to the next step when that is due first. Popups are exempt: one
 * is shown only while the shopper is on the site.
 */
class QuietHoursEverySendTest {
    private static final String STORE = "quiet-store";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalTime QUIET_START = LocalTime.of(21, 0);
    private static final LocalTime QUIET_END = LocalTime.of(7, 30);
    /** 18:55 in Berlin: the 2h email falls due at 20:55, five minutes before the quiet hours. */
    private static final Instant ABANDONED = ZonedDateTime.of(2026, 3, 2, 18, 55, 0, 0, BERLIN).toInstant();

    private final SettableClock clock = SettableClock.at(ABANDONED);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecordingSender popup = new RecordingSender(clock);

    private RecoveryEngine engine(RetryPolicy retryPolicy) {
        RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(3)).retryPolicy(retryPolicy)
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.builder(STORE).sendWindow(Duration.ZERO)
                        .quietHours(QUIET_START, QUIET_END).build())
                .build();
        Customer customer = new Customer(STORE, "u1", "u1@example.com", "Alex", Locale.GERMANY, BERLIN, 0,
                BigDecimal.ZERO, true);
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", ABANDONED), customer);
        engine.cartAbandoned(STORE, "c1", ABANDONED).orElseThrow();
        return engine;
    }

    private static boolean quiet(Instant at) {
        LocalTime local = at.atZone(BERLIN).toLocalTime();
        return !local.isBefore(QUIET_START) || local.isBefore(QUIET_END);
    }

    @Test
    void retriesOfAStepDueJustBeforeTheQuietHoursWaitForTheirEnd() {
        RetryPolicy minutes = new RetryPolicy(5, Duration.ofMinutes(2), 2.0, Duration.ofHours(1), 0.0);
        engine(minutes);
        email.failTransiently(3);

        scheduler.advance(Duration.ofDays(4));

        assertThat(email.attempts()).isNotEmpty().allSatisfy(attempt ->
                assertThat(quiet(attempt.at())).as("email attempt at %s", attempt.at().atZone(BERLIN)).isFalse());
        // 20:55 fails, 20:57 fails, the retry due at 21:01 waits for 07:30 and fails, 07:38 is delivered
        assertThat(email.attempts().subList(0, 4)).extracting(a -> a.at().atZone(BERLIN).toLocalTime())
                .containsExactly(LocalTime.of(20, 55), LocalTime.of(20, 57), QUIET_END, LocalTime.of(7, 38));
        assertThat(email.sent().get(0).delivery().step().id()).isEqualTo("EMAIL_2H");
    }

    @Test
    void anOverdueStepAfterDowntimeWaitsForTheQuietHoursToEnd() {
        RecoveryEngine engine = engine(RetryPolicy.defaults());
        scheduler.advance(Duration.ofHours(1).plusMinutes(30)); // the popup at 19:55 runs
        assertThat(popup.sent()).hasSize(1);

        clock.set(ZonedDateTime.of(2026, 3, 2, 22, 0, 0, 0, BERLIN).toInstant()); // the node was down
        scheduler.runDue();

        assertThat(email.attempts()).isEmpty();
        scheduler.advance(Duration.ofDays(4));
        assertThat(email.attempts()).isNotEmpty().allSatisfy(attempt ->
                assertThat(quiet(attempt.at())).as("email attempt at %s", attempt.at().atZone(BERLIN)).isFalse());
        assertThat(email.sent().get(0).at().atZone(BERLIN).toLocalTime()).isEqualTo(QUIET_END);
        assertThat(engine.activeSequences(STORE, PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void aStepThatWouldWaitPastTheNextStepGivesWay() {
        // Steps at +2h and +12h (06:55, moved to 07:30): the 2h email is overdue at 22:00, and the quiet hours
        // last until the next email is due.
        RecoveryEngine engine = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                .sender(Channel.EMAIL, email)
                .configureStore(StoreSettings.builder(STORE).sendWindow(Duration.ZERO)
                        .quietHours(QUIET_START, QUIET_END)
                        .policy(new SequencePolicy(SequenceType.FIRST_TIME, java.util.List.of(
                                StepDefinition.of("EMAIL_A", Duration.ofHours(2), Channel.EMAIL,
                                        Tone.HELPFUL_REMINDER),
                                StepDefinition.of("EMAIL_B", Duration.ofHours(12), Channel.EMAIL,
                                        Tone.SOCIAL_PROOF))))
                        .build())
                .build();
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", ABANDONED), new Customer(STORE, "u1",
                "u1@example.com", "Alex", Locale.GERMANY, BERLIN, 0, BigDecimal.ZERO, true));
        RecoverySequence sequence = engine.cartAbandoned(STORE, "c1", ABANDONED).orElseThrow();
        clock.set(ZonedDateTime.of(2026, 3, 2, 22, 0, 0, 0, BERLIN).toInstant());

        scheduler.advance(Duration.ofDays(2));

        assertThat(engine.sequence(STORE, sequence.id()).outcomes()).extracting(StepOutcome::reason)
                .first().isEqualTo("QUIET_HOURS");
        assertThat(email.sent()).singleElement().satisfies(attempt ->
                assertThat(attempt.delivery().step().id()).isEqualTo("EMAIL_B"));
    }
}

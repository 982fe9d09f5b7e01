package io.cartrecovery.core.internal;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class StepTimingTest {
    private static final String STORE = "s1";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final StepDefinition POPUP_1H = step(SequencePolicy.POPUP_1H, 1, Channel.POPUP);
    private static final StepDefinition EMAIL_2H = step(SequencePolicy.EMAIL_2H, 2, Channel.EMAIL);
    private static final StepDefinition EMAIL_24H = step(SequencePolicy.EMAIL_24H, 24, Channel.EMAIL);

    private final SettableClock clock = SettableClock.at(Instant.parse("2026-03-02T00:00:00Z"));
    private final RecoveryStore store = RecoveryStore.inMemory();
    private final StepTiming timing = new StepTiming(store, clock);
    private final StoreSettings settings = StoreSettings.defaults(STORE);

    @Test
    void tokyoCustomerWhoEngagesAt20LocalGetsThe24hEmailAt20Local() {
        Customer tokyo = customer(TOKYO);
        engage(tokyo, "2026-02-20T11:05:00Z", "2026-02-21T11:40:00Z", "2026-02-22T03:00:00Z"); // 20:05, 20:40, 12:00 JST
        clock.set(Instant.parse("2026-03-02T05:00:00Z"));
        Instant abandoned = Instant.parse("2026-03-02T05:00:00Z"); // 14:00 JST

        assertThat(timing.bestTime(tokyo, settings)).isEqualTo(LocalTime.of(20, 0));
        assertThat(timing.dueAt(abandoned, EMAIL_24H, tokyo, settings))
                .isEqualTo(Instant.parse("2026-03-03T11:00:00Z")); // 20:00 JST, 6h after the planned 14:00
        assertThat(timing.dueAt(abandoned, EMAIL_2H, tokyo, settings)).isEqualTo(abandoned.plus(Duration.ofHours(2)));
        assertThat(timing.dueAt(abandoned, POPUP_1H, tokyo, settings)).isEqualTo(abandoned.plus(Duration.ofHours(1)));
    }

    @Test
    void theBestHourFurtherThanTheWindowLeavesTheStepAtItsOffset() {
        Customer tokyo = customer(TOKYO);
        engage(tokyo, "2026-02-20T11:05:00Z");
        Instant abandoned = Instant.parse("2026-03-02T04:00:00Z"); // 13:00 JST: 20:00 is 7h away

        assertThat(timing.dueAt(abandoned, EMAIL_24H, tokyo, settings)).isEqualTo(abandoned.plus(Duration.ofHours(24)));
    }

    @Test
    void withoutHistoryTheDefault10OClockMayMoveAStepUpToTheWindowEarlier() {
        Customer unknownZone = customer(null); // the store's zone, UTC
        Instant abandoned = Instant.parse("2026-03-02T15:00:00Z");

        assertThat(timing.dueAt(abandoned, EMAIL_24H, unknownZone, settings))
                .isEqualTo(Instant.parse("2026-03-03T10:00:00Z")); // 5h before abandonment + 24h
    }

    @Test
    void aStepNeverMovesBeforeThePreviousStepOfThePlanAndKeepsItsSpacingUpToAnHour() {
        StepDefinition email20h = step("EMAIL_20H", 20, Channel.EMAIL);
        Instant abandoned = Instant.parse("2026-03-02T16:00:00Z"); // +20h = 12:00, +24h = 16:00 moves towards 10:00

        Instant first = timing.dueAt(abandoned, List.of(email20h, EMAIL_24H), 0, customer(null), settings);
        Instant second = timing.dueAt(abandoned, List.of(email20h, EMAIL_24H), 1, customer(null), settings);

        assertThat(first).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(second).isEqualTo(first.plus(Duration.ofHours(1)));
    }

    @Test
    void aBestHourInsideQuietHoursIsNotUsed() {
        Customer owl = customer(null);
        engage(owl, "2026-02-20T23:10:00Z", "2026-02-21T23:20:00Z");
        Instant abandoned = Instant.parse("2026-03-02T19:00:00Z");

        assertThat(timing.bestTime(owl, settings)).isEqualTo(LocalTime.of(23, 0));
        assertThat(timing.dueAt(abandoned, EMAIL_24H, owl, settings)).isEqualTo(abandoned.plus(Duration.ofHours(24)));
    }

    @ParameterizedTest(name = "{0} local -> {1}")
    @CsvSource({
            "2026-03-02T20:59:00Z, 2026-03-02T20:59:00Z", // just before quiet hours
            "2026-03-02T21:00:00Z, 2026-03-03T08:00:00Z", // start is quiet
            "2026-03-02T23:30:00Z, 2026-03-03T08:00:00Z", // before midnight: next morning
            "2026-03-03T02:00:00Z, 2026-03-03T08:00:00Z", // after midnight: same morning
            "2026-03-03T07:59:59Z, 2026-03-03T08:00:00Z",
            "2026-03-03T08:00:00Z, 2026-03-03T08:00:00Z"  // end is not quiet
    })
    void quietHoursAcrossMidnightHoldEarlyStepsUntilTheyEnd(String planned, String expected) {
        Instant abandoned = Instant.parse(planned).minus(Duration.ofHours(2));

        assertThat(timing.dueAt(abandoned, EMAIL_2H, customer(null), settings)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void quietHoursContainment() {
        StoreSettings.QuietHours night = StoreSettings.DEFAULT_QUIET_HOURS;
        StoreSettings.QuietHours lunch = new StoreSettings.QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0));

        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        assertThat(lunch.contains(LocalTime.of(12, 30))).isTrue();
        assertThat(lunch.contains(LocalTime.of(13, 0))).isFalse();
        assertThat(lunch.contains(LocalTime.of(23, 0))).isFalse();
        assertThat(StoreSettings.QuietHours.NONE.contains(LocalTime.of(3, 0))).isFalse();
    }

    @Test
    void berlinSpringForwardQuietHoursEndAt8LocalSummerTime() {
        // 2026-03-29 02:00 CET becomes 03:00 CEST. +2h lands at 00:30 CET, in quiet hours.
        Instant abandoned = Instant.parse("2026-03-28T21:30:00Z");

        assertThat(timing.dueAt(abandoned, EMAIL_2H, customer(BERLIN), settings))
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z")); // 08:00 CEST, not 07:00Z as a fixed +01:00 gives
    }

    @Test
    void berlinBestHourOnTheDayTheClocksChange() {
        // Abandoned 10:00 CET on Saturday; +24h is 11:00 CEST on Sunday; 10:00 CEST is 08:00Z.
        Instant abandoned = Instant.parse("2026-03-28T09:00:00Z");
        Instant autumn = Instant.parse("2026-10-24T08:00:00Z"); // 10:00 CEST; +24h is 09:00 CET on Sunday

        assertThat(timing.dueAt(abandoned, EMAIL_24H, customer(BERLIN), settings))
                .isEqualTo(Instant.parse("2026-03-29T08:00:00Z"));
        assertThat(timing.dueAt(autumn, EMAIL_24H, customer(BERLIN), settings))
                .isEqualTo(Instant.parse("2026-10-25T09:00:00Z")); // 10:00 CET
    }

    @Test
    void newYorkSpringForwardAndAFallBackNight() {
        // 2026-03-08 02:00 EST becomes 03:00 EDT; +2h lands at 01:00 EST.
        Instant spring = Instant.parse("2026-03-08T04:00:00Z");
        // 2026-11-01 02:00 EDT becomes 01:00 EST; +2h lands at 01:30 EST (the second 01:30).
        Instant fall = Instant.parse("2026-11-01T04:30:00Z");

        assertThat(timing.dueAt(spring, EMAIL_2H, customer(NEW_YORK), settings))
                .isEqualTo(Instant.parse("2026-03-08T12:00:00Z")); // 08:00 EDT
        assertThat(timing.dueAt(fall, EMAIL_2H, customer(NEW_YORK), settings))
                .isEqualTo(Instant.parse("2026-11-01T13:00:00Z")); // 08:00 EST
    }

    @Test
    void quietHoursEndingInADaylightSavingGapEndAtTheFirstValidInstant() {
        StoreSettings gap = StoreSettings.builder(STORE).quietHours(LocalTime.of(22, 0), LocalTime.of(2, 30)).build();
        Instant abandoned = Instant.parse("2026-03-08T03:00:00Z"); // +2h = 00:00 EST, quiet

        // 02:30 does not exist that night in New York: the quiet hours end at 03:30 EDT.
        assertThat(timing.dueAt(abandoned, EMAIL_2H, customer(NEW_YORK), gap))
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void exactTimingKeepsEveryOffset() {
        StoreSettings exact = StoreSettings.builder(STORE).exactTiming().build();
        Instant abandoned = Instant.parse("2026-03-02T23:00:00Z");

        assertThat(timing.dueAt(abandoned, EMAIL_2H, customer(null), exact)).isEqualTo(abandoned.plus(Duration.ofHours(2)));
        assertThat(timing.dueAt(abandoned, EMAIL_24H, customer(null), exact)).isEqualTo(abandoned.plus(Duration.ofHours(24)));
    }

    private void engage(Customer customer, String... times) {
        for (String at : times) {
            store.append(List.of(new RecoveryEvent(STORE, EventType.MESSAGE_OPENED, "q1", "c1", customer.customerId(),
                    SequencePolicy.EMAIL_2H, null, null, null, Instant.parse(at))));
        }
    }

    private static Customer customer(ZoneId zone) {
        return new Customer(STORE, "u1", "u1@example.com", null, Locale.US, zone, 1, BigDecimal.ONE, true);
    }

    private static StepDefinition step(String id, int hours, Channel channel) {
        return StepDefinition.of(id, Duration.ofHours(hours), channel, Tone.HELPFUL_REMINDER);
    }
}

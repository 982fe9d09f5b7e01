package io.cartrecovery.core.internal;

import io.cartrecovery.core.spi.EventLog;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When a step is due: abandonment time plus the step's offset (never counted from the previous step), then moved
 * by the send-time rules.
 *
 * <ul>
 *   <li>Email steps with an offset of {@link StoreSettings#BEST_HOUR_MIN_OFFSET 24h} or more move to the
 *       customer's best engagement hour if that hour lies within the store's send window of the planned time,
 *       <em>earlier or later</em>: a 24h email may go out 6 hours early so that it lands at the hour the customer
 *       reads mail. Steps stay in plan order, at least an hour apart (or their planned spacing if shorter).</li>
 *   <li>No step, early or late, falls in the quiet hours: it waits until they end.</li>
 * </ul>
 * Local times are resolved with {@link ZoneId} rules (the customer's zone, else the store's), so daylight-saving
 * changes shift nothing by an hour; a local time that does not exist on a spring-forward day resolves to the
 * same instant as the time one hour later.
 */
final class StepTiming {
    /** How far back engagement counts for the best hour. */
    static final Duration ENGAGEMENT_LOOKBACK = Duration.ofDays(90);
    /** Steps that quiet hours push together keep their planned spacing, up to this much. */
    static final Duration MIN_SPACING = Duration.ofHours(1);

    private final EventLog store;
    private final Clock clock;

    StepTiming(EventLog store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Due time of a step with no step before it (or when the previous step's time does not matter). */
    Instant dueAt(Instant abandonedAt, StepDefinition step, Customer customer, StoreSettings settings) {
        return dueAt(abandonedAt, List.of(step), 0, customer, settings);
    }

    /**
     * Due time of {@code plan.get(index)}: never earlier than the due time of the step before it plus their
     * planned spacing or {@link #MIN_SPACING}, whichever is shorter (quiet hours would otherwise stack the
     * popup and the first email at the same minute).
     */
    Instant dueAt(Instant abandonedAt, List<StepDefinition> plan, int index, Customer customer,
                  StoreSettings settings) {
        LocalTime best = null; // looked up only when a step may move to it
        Instant previous = null;
        for (int i = 0; i <= index; i++) {
            StepDefinition step = plan.get(i);
            if (best == null && movesToBestTime(step, settings)) {
                best = customer == null ? settings.defaultSendTime() : bestTime(customer, settings);
            }
            Instant notBefore = previous == null ? null
                    : previous.plus(min(step.offset().minus(plan.get(i - 1).offset()), MIN_SPACING));
            previous = dueAt(abandonedAt, step, notBefore, best, zone(customer, settings), settings);
        }
        return previous;
    }

    static Instant dueAt(Instant abandonedAt, StepDefinition step, Instant notBefore, LocalTime best, ZoneId zone,
                         StoreSettings settings) {
        Instant planned = abandonedAt.plus(step.offset());
        Instant due = planned;
        if (movesToBestTime(step, settings)) {
            Instant moved = nearestLocalTime(planned, best, zone);
            if (!settings.quietHours().contains(best)
                    && Duration.between(planned, moved).abs().compareTo(settings.sendWindow()) <= 0) {
                due = moved;
            }
        }
        if (notBefore != null && due.isBefore(notBefore)) {
            due = notBefore;
        }
        return outOfQuietHours(due, settings.quietHours(), zone);
    }

    /** Email steps of +24h and later move to the best hour, unless the store's send window is zero. */
    static boolean movesToBestTime(StepDefinition step, StoreSettings settings) {
        return step.channel() == Channel.EMAIL && !settings.sendWindow().isZero()
                && step.offset().compareTo(StoreSettings.BEST_HOUR_MIN_OFFSET) >= 0;
    }

    /** The instant with local time {@code time} on the day before, of, or after {@code planned} closest to it. */
    static Instant nearestLocalTime(Instant planned, LocalTime time, ZoneId zone) {
        ZonedDateTime local = planned.atZone(zone);
        Instant best = null;
        for (int day = -1; day <= 1; day++) {
            Instant candidate = ZonedDateTime.of(local.toLocalDate().plusDays(day), time, zone).toInstant();
            if (best == null || Duration.between(planned, candidate).abs()
                    .compareTo(Duration.between(planned, best).abs()) < 0) {
                best = candidate;
            }
        }
        return best;
    }

    /** {@code at} itself, or the end of the quiet hours it falls in. */
    static Instant outOfQuietHours(Instant at, StoreSettings.QuietHours quiet, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (!quiet.contains(local.toLocalTime())) {
            return at;
        }
        ZonedDateTime end = ZonedDateTime.of(local.toLocalDate(), quiet.end(), zone);
        if (!end.isAfter(local)) {
            end = ZonedDateTime.of(local.toLocalDate().plusDays(1), quiet.end(), zone);
        }
        return end.toInstant();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static ZoneId zone(Customer customer, StoreSettings settings) {
        return customer != null && customer.timeZone() != null ? customer.timeZone() : settings.timeZone();
    }

    /**
     * The most frequent hour (in the customer's zone) of the customer's opens and clicks over the last
     * {@link #ENGAGEMENT_LOOKBACK}, on the hour (a tie goes to the hour that reached the count last); the store's
     * default send time without history.
     */
    LocalTime bestTime(Customer customer, StoreSettings settings) {
        Instant now = clock.instant();
        List<RecoveryEvent> events = store.engagement(settings.storeId(), customer.customerId(),
                now.minus(ENGAGEMENT_LOOKBACK), now.plusMillis(1));
        ZoneId zone = zone(customer, settings);
        int[] counts = new int[24];
        int bestHour = -1;
        for (RecoveryEvent event : events) {
            if (event.type() != EventType.MESSAGE_OPENED && event.type() != EventType.MESSAGE_CLICKED) {
                continue;
            }
            int hour = event.at().atZone(zone).getHour();
            counts[hour]++;
            if (bestHour < 0 || counts[hour] >= counts[bestHour]) {
                bestHour = hour; // events come oldest first, so the later one wins a tie
            }
        }
        return bestHour < 0 ? settings.defaultSendTime() : LocalTime.of(bestHour, 0);
    }
}

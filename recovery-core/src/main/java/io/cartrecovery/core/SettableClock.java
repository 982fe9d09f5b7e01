package io.cartrecovery.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A thread-safe clock that only moves when told to: for tests, simulations and the demo. */
public final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A UTC clock standing at {@code start}. */
    public static SettableClock at(Instant start) {
        return new SettableClock(new AtomicReference<>(Checks.notNull(start, "start")), ZoneOffset.UTC);
    }

    /** Moves the clock to {@code instant}; it may not move backwards. */
    public void set(Instant instant) {
        Checks.notNull(instant, "instant");
        now.updateAndGet(current -> {
            if (instant.isBefore(current)) {
                throw new IllegalArgumentException("instant " + instant + " is before the clock's " + current);
            }
            return instant;
        });
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        Checks.notNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        now.updateAndGet(current -> current.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new SettableClock(now, newZone);
    }
}

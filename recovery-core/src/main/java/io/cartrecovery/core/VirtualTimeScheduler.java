package io.cartrecovery.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@link Scheduler} on virtual time: nothing runs until the clock is advanced through it, and then every
 * timer that falls due in the store runs in the advancing thread, in order of due time, with the clock set to that
 * time.
 * The basis of the tests and of the demo, which simulate days in milliseconds.
 */
public interface VirtualTimeScheduler extends Scheduler {

    /** Advances the clock to {@code target}, running every timer due on the way. */
    void advanceTo(Instant target);

    /** Advances the clock by {@code duration}, running every timer due on the way. */
    default void advance(Duration duration) {
        advanceTo(clock().instant().plus(duration));
    }

    /** Runs every timer due now without moving the clock. */
    default void runDue() {
        advanceTo(clock().instant());
    }

    /** The clock this scheduler drives. */
    SettableClock clock();
}

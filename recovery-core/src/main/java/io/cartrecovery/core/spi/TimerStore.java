package io.cartrecovery.core.spi;

import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.StepContext;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Due work: the one record of what is due that every scheduler reads, and what running a due step reads. */
public interface TimerStore {

    /**
     * Timers due at or before {@code now}: active sequences and watched carts, earliest first (ties in a stable
     * order), at most {@code limit}.
     */
    List<DueTimer> dueTimers(Instant now, int limit);

    /**
     * The scheduler an engine on this store gets when the host names none. The default polls {@link #dueTimers}
     * ({@link Scheduler#realTime}); a durable store that several nodes share returns its own, which spreads the
     * work between them.
     */
    default Scheduler defaultScheduler(Clock clock) {
        return Scheduler.realTime(clock, io.cartrecovery.core.RecoveryEngine.Builder.DEFAULT_WORKERS);
    }

    /**
     * The sequence with its cart, customer and email suppression, as {@link StepContext}: what running a due step
     * reads, in one round trip where the store can.
     */
    Optional<StepContext> stepContext(String storeId, String sequenceId);
}

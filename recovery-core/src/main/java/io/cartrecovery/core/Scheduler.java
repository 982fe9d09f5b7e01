package io.cartrecovery.core;

import io.cartrecovery.core.internal.RealTimeScheduler;
import io.cartrecovery.core.internal.VirtualTimeSchedulerImpl;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Wakes the engine when work falls due. Due work has one home, the {@link RecoveryStore}: a scheduler finds it
 * by asking the store (through {@link DueTimers}, or its own query for a durable store) and hands it to the
 * engine, which claims it with a compare-and-set. A scheduler keeps no due times of its own, so restarting any
 * node loses nothing; a timer handed over twice, or too early, is harmless.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Starts finding due work in {@code timers} and handing it to {@code handler}; called once by the engine
     * when it is built. A run that throws comes back after a bounded delay.
     */
    void start(DueTimers timers, Consumer<TimerKey> handler);

    /**
     * A hint that work falls due at {@code dueAt}, so that a scheduler may look earlier than its next poll. Work
     * is found without it too; the default ignores it.
     */
    default void wakeUp(Instant dueAt) {
        // polling finds it
    }

    /** Whether it runs, when it last polled the store successfully, and how much work it holds. */
    default Health health() {
        return Health.UNKNOWN;
    }

    /** Stops handing out work and waits for the work in progress. */
    @Override
    void close();

    /**
     * A scheduler that polls the store at least once a second (at once after a {@link #wakeUp} for work due now)
     * and runs due work on a pool of {@code workers} threads. Time is read from {@code clock}. It finds work
     * again after a restart on any durable store; for several nodes on one database prefer the store's own
     * scheduler (see {@link RecoveryStore#defaultScheduler}), which spreads the work between them.
     */
    static Scheduler realTime(Clock clock, int workers) {
        return new RealTimeScheduler(clock, workers);
    }

    /** A scheduler that runs due work in the caller's thread, in due order, as {@code clock} is advanced. */
    static VirtualTimeScheduler virtualTime(SettableClock clock) {
        return new VirtualTimeSchedulerImpl(clock);
    }

    /**
     * A scheduler's health.
     *
     * @param running  started and not closed
     * @param lastPoll the last successful look for due work, or {@code null}
     * @param inFlight the work it holds: picked, queued or running
     */
    record Health(boolean running, Instant lastPoll, int inFlight) {
        /** What a scheduler that does not report its health answers. */
        public static final Health UNKNOWN = new Health(true, null, 0);
    }

    /** Where a scheduler finds due work: the store's {@link RecoveryStore#dueTimers}. */
    @FunctionalInterface
    interface DueTimers {

        /** Up to {@code limit} timers due at or before {@code now}, earliest first. */
        List<DueTimer> due(Instant now, int limit);
    }
}

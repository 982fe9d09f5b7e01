package io.cartrecovery.core;

import io.cartrecovery.core.internal.RealTimeScheduler;
import io.cartrecovery.core.internal.VirtualTimeSchedulerImpl;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Wakes the engine when timers fall due. The due time of every timer lives in the {@link RecoveryStore}; a
 * scheduler only wakes up and hands due timers to the engine, which claims the work with a compare-and-set. A
 * timer handed over twice, or too early, is harmless.
 */
public interface Scheduler extends AutoCloseable {

    /** Starts handing due timers to {@code handler}; called once by the engine when it is built. */
    void start(Consumer<TimerKey> handler);

    /** Asks to be woken at {@code dueAt} for {@code key}; replaces an earlier time for the same key. */
    void schedule(TimerKey key, java.time.Instant dueAt);

    /** Forgets the timer of {@code key}, if any. */
    void cancel(TimerKey key);

    /** Stops handing out timers and waits for the work in progress. */
    @Override
    void close();

    /**
     * A scheduler on one timer thread that hands due work to a pool of {@code workers} threads.
     * Time is read from {@code clock}.
     */
    static Scheduler realTime(Clock clock, int workers) {
        return new RealTimeScheduler(clock, workers);
    }

    /** A scheduler that runs due work in the caller's thread, in due order, as {@code clock} is advanced. */
    static VirtualTimeScheduler virtualTime(SettableClock clock) {
        return new VirtualTimeSchedulerImpl(clock);
    }
}

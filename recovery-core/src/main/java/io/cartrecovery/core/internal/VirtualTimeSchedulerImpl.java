package io.cartrecovery.core.internal;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.VirtualTimeScheduler;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/** Runs timers in the advancing thread, in due order, with the clock set to each due time. */
public final class VirtualTimeSchedulerImpl implements VirtualTimeScheduler {
    private final SettableClock clock;
    private final TimerQueue timers = new TimerQueue();
    private Consumer<TimerKey> handler;

    public VirtualTimeSchedulerImpl(SettableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void start(Consumer<TimerKey> newHandler) {
        if (handler != null) {
            throw new IllegalStateException("scheduler already started");
        }
        this.handler = Objects.requireNonNull(newHandler, "handler");
    }

    @Override
    public synchronized void schedule(TimerKey key, Instant dueAt) {
        timers.put(key, dueAt);
    }

    @Override
    public synchronized void cancel(TimerKey key) {
        timers.remove(key);
    }

    @Override
    public void advanceTo(Instant target) {
        if (handler == null) {
            throw new IllegalStateException("scheduler not started: build the engine first");
        }
        while (true) {
            TimerQueue.Timer next;
            synchronized (this) {
                next = timers.pollDue(target);
            }
            if (next == null) {
                break;
            }
            if (next.dueAt().isAfter(clock.instant())) {
                clock.set(next.dueAt());
            }
            handler.accept(next.key());
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
    }

    @Override
    public synchronized int pending() {
        return timers.size();
    }

    @Override
    public SettableClock clock() {
        return clock;
    }

    @Override
    public void close() {
        // Nothing runs in the background.
    }
}

package io.cartrecovery.core.internal;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.VirtualTimeScheduler;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Runs timers in the advancing thread, in due order, with the clock set to each due time. */
public final class VirtualTimeSchedulerImpl implements VirtualTimeScheduler {
    private record Entry(Instant dueAt, long seq, TimerKey key) {}

    private final SettableClock clock;
    private final TreeSet<Entry> queue = new TreeSet<>((a, b) -> {
        int byTime = a.dueAt.compareTo(b.dueAt);
        return byTime != 0 ? byTime : Long.compare(a.seq, b.seq);
    });
    private final Map<TimerKey, Entry> byKey = new HashMap<>();
    private long sequence;
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
        Entry previous = byKey.remove(key);
        if (previous != null) {
            queue.remove(previous);
        }
        Entry entry = new Entry(dueAt, sequence++, key);
        queue.add(entry);
        byKey.put(key, entry);
    }

    @Override
    public synchronized void cancel(TimerKey key) {
        Entry previous = byKey.remove(key);
        if (previous != null) {
            queue.remove(previous);
        }
    }

    @Override
    public void advanceTo(Instant target) {
        if (handler == null) {
            throw new IllegalStateException("scheduler not started: build the engine first");
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.isEmpty() ? null : queue.first();
                if (next == null || next.dueAt.isAfter(target)) {
                    break;
                }
                queue.pollFirst();
                byKey.remove(next.key, next);
            }
            if (next.dueAt.isAfter(clock.instant())) {
                clock.set(next.dueAt);
            }
            handler.accept(next.key);
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
    }

    @Override
    public synchronized int pending() {
        return queue.size();
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

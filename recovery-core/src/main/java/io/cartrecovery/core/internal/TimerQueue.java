package io.cartrecovery.core.internal;

import io.cartrecovery.core.TimerKey;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Timers ordered by due time, one per key (a new time replaces the old); not thread-safe. */
final class TimerQueue {
    record Timer(Instant dueAt, long seq, TimerKey key) {}

    private final TreeSet<Timer> queue = new TreeSet<>((a, b) -> {
        int byTime = a.dueAt.compareTo(b.dueAt);
        return byTime != 0 ? byTime : Long.compare(a.seq, b.seq);
    });
    private final Map<TimerKey, Timer> byKey = new HashMap<>();
    private long sequence;

    /** Sets the timer of {@code key}; returns whether it is now the earliest. */
    boolean put(TimerKey key, Instant dueAt) {
        remove(key);
        Timer timer = new Timer(dueAt, sequence++, key);
        queue.add(timer);
        byKey.put(key, timer);
        return queue.first() == timer;
    }

    void remove(TimerKey key) {
        Timer previous = byKey.remove(key);
        if (previous != null) {
            queue.remove(previous);
        }
    }

    /** The earliest timer, or {@code null}. */
    Timer peek() {
        return queue.isEmpty() ? null : queue.first();
    }

    /** Removes and returns the earliest timer if it is due at or before {@code now}, else {@code null}. */
    Timer pollDue(Instant now) {
        Timer first = peek();
        if (first == null || first.dueAt().isAfter(now)) {
            return null;
        }
        queue.pollFirst();
        byKey.remove(first.key(), first);
        return first;
    }

    int size() {
        return queue.size();
    }
}

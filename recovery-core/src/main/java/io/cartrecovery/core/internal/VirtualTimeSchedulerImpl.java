package io.cartrecovery.core.internal;

import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs due work in the advancing thread, in due order, with the clock set to each due time. It asks the store for
 * the earliest due timer before every run, so work that a run makes due on the way runs in its turn. A timer that
 * a run leaves due as it was (a run that threw, or made no progress) is not run again within the same advance.
 */
public final class VirtualTimeSchedulerImpl implements VirtualTimeScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualTimeSchedulerImpl.class);

    private final SettableClock clock;
    private DueTimers timers;
    private Consumer<TimerKey> handler;
    private Instant lastAdvance;

    public VirtualTimeSchedulerImpl(SettableClock clock) {
        this.clock = Arguments.notNull(clock, "clock");
    }

    @Override
    public synchronized void start(DueTimers newTimers, Consumer<TimerKey> newHandler) {
        if (handler != null) {
            throw new IllegalStateException("scheduler already started");
        }
        this.timers = Arguments.notNull(newTimers, "timers");
        this.handler = Arguments.notNull(newHandler, "handler");
    }

    @Override
    public synchronized void advanceTo(Instant target) {
        if (handler == null) {
            throw new IllegalStateException("scheduler not started: build the engine first");
        }
        Set<DueTimer> ran = new HashSet<>();
        while (true) {
            DueTimer next = null;
            List<DueTimer> due = timers.due(target, ran.size() + 1);
            ran.retainAll(due); // a timer that moved on made progress
            for (DueTimer timer : due) {
                if (!ran.contains(timer)) {
                    next = timer;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            if (next.dueAt().isAfter(clock.instant())) {
                clock.set(next.dueAt());
            }
            ran.add(next);
            try {
                handler.accept(next.key());
            } catch (RuntimeException e) {
                LOG.error("timer {} failed", next.key(), Redaction.forLog(e));
            }
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
        lastAdvance = clock.instant();
    }

    /** Running once started; its last poll is the end of the last advance. */
    @Override
    public synchronized Health health() {
        return new Health(handler != null, lastAdvance, 0);
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

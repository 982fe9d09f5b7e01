package io.cartrecovery.core.internal;

import io.cartrecovery.core.DueTimer;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One poller thread asks the store for due work and hands it to a fixed pool of workers. It keeps no due times:
 * it polls at least once a second (a clock that jumps, such as a test clock, is noticed within a second), at once
 * after a {@link #wakeUp} for work due now, and as soon as a worker frees room. A key stays with this scheduler
 * while a worker runs it. A run that throws, or that leaves its timer due as it was (no progress), makes the key
 * wait with exponential backoff from {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF} before it is handed out again.
 */
public final class RealTimeScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeScheduler.class);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** Keys handed out at once per worker: enough to keep workers busy between polls. */
    private static final int ROOM_PER_WORKER = 64;

    private final Clock clock;
    private final int workers;
    private final int room;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Keys a worker holds or will run; guarded by {@link #lock}. */
    private final Set<TimerKey> inFlight = new HashSet<>();
    /** The timers run since the last poll, as they were handed out; guarded by {@link #lock}. */
    private final Map<TimerKey, DueTimer> ran = new HashMap<>();
    /** Keys waiting after a failed run or one without progress; guarded by {@link #lock}. */
    private final Map<TimerKey, Backoff> backoffs = new HashMap<>();
    private Instant wakeAt;
    private volatile Instant lastPoll;
    private volatile boolean running;
    private Thread poller;
    private ExecutorService pool;

    private record Backoff(int failures, Instant notBefore) {}

    public RealTimeScheduler(Clock clock, int workers) {
        Arguments.notNull(clock, "clock");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
        this.clock = clock;
        this.workers = workers;
        this.room = workers * ROOM_PER_WORKER;
    }

    @Override
    public void start(DueTimers timers, Consumer<TimerKey> handler) {
        Arguments.notNull(timers, "timers");
        Arguments.notNull(handler, "handler");
        lock.lock();
        try {
            if (poller != null) {
                throw new IllegalStateException("scheduler already started");
            }
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, runnable -> {
                Thread thread = new Thread(runnable, "cart-recovery-worker-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            running = true;
            poller = new Thread(() -> loop(timers, handler), "cart-recovery-poller");
            poller.setDaemon(true);
            poller.start();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wakeUp(Instant dueAt) {
        lock.lock();
        try {
            if (wakeAt == null || dueAt.isBefore(wakeAt)) {
                wakeAt = dueAt;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop(DueTimers timers, Consumer<TimerKey> handler) {
        int pollFailures = 0;
        while (running) {
            List<TimerKey> handOut;
            try {
                handOut = poll(timers);
                pollFailures = 0;
                lastPoll = clock.instant();
            } catch (RuntimeException e) {
                pollFailures++;
                logPollFailure(pollFailures, e);
                handOut = List.of();
            }
            for (TimerKey key : handOut) {
                try {
                    pool.execute(() -> run(key, handler));
                } catch (RejectedExecutionException e) {
                    return;
                }
            }
            if (handOut.isEmpty() && !await(pollFailures)) {
                return;
            }
        }
    }

    /** The due keys that no worker holds and that wait for no backoff, now marked as held. */
    private List<TimerKey> poll(DueTimers timers) {
        Set<TimerKey> held;
        Map<TimerKey, DueTimer> justRan;
        int free;
        lock.lock();
        try {
            free = room - inFlight.size();
            if (free <= 0) {
                return List.of();
            }
            held = Set.copyOf(inFlight);
            justRan = Map.copyOf(ran);
            wakeAt = null;
        } finally {
            lock.unlock();
        }
        Instant now = clock.instant();
        List<DueTimer> due = timers.due(now, free + held.size() + Math.min(backoffCount(), room));
        List<TimerKey> handOut = new ArrayList<>();
        lock.lock();
        try {
            Set<DueTimer> stillDue = new HashSet<>(due);
            Set<TimerKey> stuck = new HashSet<>();
            justRan.forEach((key, timer) -> {
                if (held.contains(key)) {
                    return; // still running when the poll began: judged at the next poll
                }
                ran.remove(key, timer);
                if (stillDue.contains(timer)) {
                    stuck.add(key); // it ran and is due as it was: no progress
                    backOff(key, now);
                } else {
                    backoffs.remove(key);
                }
            });
            for (DueTimer timer : due) {
                TimerKey key = timer.key();
                if (handOut.size() == free) {
                    break;
                }
                if (held.contains(key) || inFlight.contains(key) || stuck.contains(key)) {
                    continue;
                }
                Backoff backoff = backoffs.get(key);
                if (backoff != null && backoff.notBefore().isAfter(now)) {
                    continue;
                }
                inFlight.add(key);
                ran.put(key, timer);
                handOut.add(key);
            }
        } finally {
            lock.unlock();
        }
        return handOut;
    }

    private int backoffCount() {
        lock.lock();
        try {
            return backoffs.size();
        } finally {
            lock.unlock();
        }
    }

    private void run(TimerKey key, Consumer<TimerKey> handler) {
        boolean failed = false;
        try {
            handler.accept(key);
        } catch (Throwable e) { // a worker survives whatever the handler throws, even an Error
            failed = true;
            LOG.error("timer {} failed; it runs again after a backoff", key, Redaction.forLog(e));
        } finally {
            lock.lock();
            try {
                inFlight.remove(key);
                if (failed) {
                    ran.remove(key);
                    backOff(key, clock.instant());
                }
                changed.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Holds {@code key} back for twice as long as the last time, up to {@link #MAX_BACKOFF}; under the lock. */
    private void backOff(TimerKey key, Instant now) {
        Backoff previous = backoffs.get(key);
        int failures = previous == null ? 1 : previous.failures() + 1;
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
        if (delay.compareTo(MAX_BACKOFF) > 0) {
            delay = MAX_BACKOFF;
        }
        backoffs.put(key, new Backoff(failures, now.plus(delay)));
    }

    /** Waits for a wake-up, a freed worker or the poll interval; longer after failed polls. */
    private boolean await(int pollFailures) {
        lock.lock();
        try {
            if (!running) {
                return false;
            }
            long nanos = POLL_INTERVAL.toNanos();
            if (pollFailures > 0) {
                nanos = FIRST_BACKOFF.multipliedBy(1L << Math.min(pollFailures - 1, 8)).toNanos();
                nanos = Math.min(nanos, MAX_BACKOFF.toNanos());
            } else if (wakeAt != null) {
                nanos = Math.min(nanos, Math.max(0, Duration.between(clock.instant(), wakeAt).toNanos()));
            }
            if (nanos > 0) {
                changed.awaitNanos(nanos);
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The first failure of a run of failures with its stack trace, then one line each at growing intervals. */
    private static void logPollFailure(int failures, RuntimeException e) {
        if (failures == 1) {
            LOG.error("polling the store for due work failed; retrying with backoff", Redaction.forLog(e));
        } else if (Integer.bitCount(failures) == 1) {
            LOG.warn("polling the store for due work failed {} times in a row: {}", failures, Redaction.describe(e));
        }
    }

    @Override
    public Health health() {
        lock.lock();
        try {
            return new Health(running, lastPoll, inFlight.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (poller != null) {
            poller.interrupt();
            pool.shutdown();
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}

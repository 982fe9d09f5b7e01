package io.cartrecovery.core.internal;

import io.cartrecovery.core.TimerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One timer thread waits for the earliest timer and hands due ones to a fixed pool of workers. It re-reads the
 * clock at least once a second, so a clock that jumps (a test clock) is noticed.
 */
public final class RealTimeScheduler implements io.cartrecovery.core.Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeScheduler.class);
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Clock clock;
    private final int workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TimerQueue timers = new TimerQueue();
    private volatile boolean running;
    private Thread timerThread;
    private ExecutorService pool;

    public RealTimeScheduler(Clock clock, int workers) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
        this.workers = workers;
    }

    @Override
    public void start(Consumer<TimerKey> handler) {
        Objects.requireNonNull(handler, "handler");
        lock.lock();
        try {
            if (timerThread != null) {
                throw new IllegalStateException("scheduler already started");
            }
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, runnable -> {
                Thread thread = new Thread(runnable, "cart-recovery-worker-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            running = true;
            timerThread = new Thread(() -> loop(handler), "cart-recovery-timer");
            timerThread.setDaemon(true);
            timerThread.start();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void schedule(TimerKey key, Instant dueAt) {
        lock.lock();
        try {
            if (timers.put(key, dueAt)) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel(TimerKey key) {
        lock.lock();
        try {
            timers.remove(key);
        } finally {
            lock.unlock();
        }
    }

    private void loop(Consumer<TimerKey> handler) {
        while (running) {
            TimerQueue.Timer due;
            lock.lock();
            try {
                Instant now = clock.instant();
                due = timers.pollDue(now);
                if (due == null) {
                    TimerQueue.Timer first = timers.peek();
                    long wait = first == null ? MAX_WAIT_NANOS
                            : Math.min(MAX_WAIT_NANOS, Duration.between(now, first.dueAt()).toNanos());
                    changed.awaitNanos(Math.max(1, wait));
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            TimerKey key = due.key();
            try {
                pool.execute(() -> {
                    try {
                        handler.accept(key);
                    } catch (RuntimeException e) {
                        LOG.error("timer {} failed; its lease will make it due again", key, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                return;
            }
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
        if (timerThread != null) {
            timerThread.interrupt();
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

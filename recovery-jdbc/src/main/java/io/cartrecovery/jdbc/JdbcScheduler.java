package io.cartrecovery.jdbc;

import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A durable {@link Scheduler} for several nodes on one database: the due time of every timer lives in the
 * {@link JdbcRecoveryStore}'s rows, and a poll loop takes due timers in batches (on PostgreSQL and MariaDB
 * with {@code FOR UPDATE SKIP LOCKED}, so nodes take different ones) and hands them to the engine on a bounded pool.
 * A taken timer is marked with this node's id until {@link Builder#pickTimeout}; the engine's compare-and-set
 * claim clears the mark, and a node that dies leaves marks that run out, so another node takes the work over.
 * Right after a pick the node reads the steps' sequences, carts and customers in one query, so that a step makes
 * no read of its own before its claim (unless it waited in the queue for over a second).
 * It reads due work with its own pick query, not through the {@code DueTimers} the engine passes; {@link #wakeUp}
 * only wakes the loop early. When the database cannot be reached, the loop backs off exponentially from the poll
 * interval up to {@link Builder#MAX_POLL_BACKOFF}, and logs the stack trace once per outage.
 *
 * <pre>{@code
 * JdbcScheduler scheduler = JdbcScheduler.builder(store).clock(clock).workers(8).build();
 * }</pre>
 */
public final class JdbcScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcScheduler.class);

    private final TimerPicker picker;
    private final StepContexts contexts;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration pickTimeout;
    private final Duration shutdownTimeout;
    private final int batchSize;
    private final int workers;
    private final String nodeId;
    private final boolean background;
    private final Semaphore capacity;
    /** Room (free permits of {@link #capacity}) the loop waits for after a pick that filled it. */
    private final int refill;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean running;
    private volatile Instant lastPoll;
    private boolean woken;
    private volatile Consumer<TimerKey> handler;
    private ThreadPoolExecutor pool;
    private Thread poller;

    private JdbcScheduler(Builder builder) {
        this.picker = builder.store.timers();
        this.contexts = builder.store.stepContexts();
        this.clock = builder.clock;
        this.pollInterval = builder.pollInterval;
        this.pickTimeout = builder.pickTimeout;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.batchSize = builder.batchSize;
        this.workers = builder.workers;
        this.nodeId = builder.nodeId != null ? builder.nodeId : "node-" + UUID.randomUUID();
        this.background = builder.background;
        this.capacity = new Semaphore(batchSize);
        this.refill = Math.max(1, batchSize / 2);
    }

    public static Builder builder(JdbcRecoveryStore store) {
        return new Builder(store);
    }

    /** This node's id, written next to the timers it takes. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(DueTimers timers, Consumer<TimerKey> newHandler) {
        if (newHandler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        lock.lock();
        try {
            if (handler != null) {
                throw new IllegalStateException("scheduler already started");
            }
            handler = newHandler;
            AtomicInteger count = new AtomicInteger();
            pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(batchSize), runnable -> {
                        Thread thread = new Thread(runnable, "cart-recovery-jdbc-worker-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            running = true;
            if (background) {
                poller = new Thread(this::loop, "cart-recovery-jdbc-poller");
                poller.setDaemon(true);
                poller.start();
            }
        } finally {
            lock.unlock();
        }
        LOG.info("cart recovery JDBC scheduler: node={}, pollInterval={}, batchSize={}, workers={}, pickTimeout={}, "
                + "background={}", nodeId, pollInterval, batchSize, workers, pickTimeout, background);
    }

    /** A hint: wakes the poll loop now when {@code dueAt} has passed; the due time itself is in the store. */
    @Override
    public void wakeUp(Instant dueAt) {
        if (background && running && !dueAt.isAfter(clock.instant())) {
            lock.lock();
            try {
                woken = true;
                wake.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Takes one batch of due timers, runs them on the pool and waits until they finished; returns how many ran.
     * Tests drive time with a settable clock and call this instead of running the background loop.
     */
    public int pollOnce() {
        requireRunning();
        List<TimerKey> keys = pickBatch(capacity.drainPermits());
        CountDownLatch done = new CountDownLatch(keys.size());
        submit(keys, done);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return keys.size();
    }

    /**
     * Picks as much due work as this node has room for. A pick that filled the room means more may be due: the
     * loop then waits only until half the room is free again (never for the poll interval), so a backlog drains
     * at the workers' pace in picks of about half a batch.
     */
    private void loop() {
        int failures = 0;
        while (running) {
            boolean filled;
            try {
                int room = capacity.drainPermits();
                List<TimerKey> keys = pickBatch(room);
                submit(keys, null);
                filled = keys.size() == room;
                if (failures > 0) {
                    LOG.info("polling for due timers works again after {} failed polls", failures);
                    failures = 0;
                }
            } catch (RuntimeException e) {
                failures++;
                logPollFailure(failures, e);
                filled = false;
            }
            if (filled) {
                awaitRoom();
            } else {
                awaitWake(failures == 0 ? pollInterval : pollBackoff(failures));
            }
        }
    }

    /** The poll interval doubled per failure in a row, up to {@link Builder#MAX_POLL_BACKOFF}. */
    Duration pollBackoff(int failures) {
        Duration backoff = pollInterval.multipliedBy(1L << Math.min(failures - 1, 20));
        return backoff.compareTo(Builder.MAX_POLL_BACKOFF) > 0 ? Builder.MAX_POLL_BACKOFF : backoff;
    }

    /** The first failure of an outage with its stack trace; then one line at the 2nd, 4th, 8th... failure. */
    private void logPollFailure(int failures, RuntimeException e) {
        if (failures == 1) {
            LOG.error("polling for due timers failed; backing off from {} up to {}", pollInterval,
                    Builder.MAX_POLL_BACKOFF, Redaction.forLog(e));
        } else if (Integer.bitCount(failures) == 1) {
            LOG.warn("polling for due timers failed {} times in a row, next try in {}: {}", failures,
                    pollBackoff(failures), Redaction.describe(e));
        }
    }

    private void awaitRoom() {
        lock.lock();
        try {
            while (running && capacity.availablePermits() < refill) {
                wake.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Called by a worker that just gave back room: wakes a loop waiting in {@link #awaitRoom}. */
    private void roomFreed() {
        if (background && capacity.availablePermits() >= refill) {
            lock.lock();
            try {
                wake.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    private void awaitWake(Duration wait) {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (running && !woken && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void requireRunning() {
        if (handler == null || !running) {
            throw new IllegalStateException("scheduler not running: build the engine with it first");
        }
    }

    /** Picks up to {@code free} timers, {@code free} permits the caller drained; gives back what it did not use. */
    private List<TimerKey> pickBatch(int free) {
        if (free == 0) {
            return List.of();
        }
        List<TimerKey> keys;
        try {
            Instant now = clock.instant();
            keys = picker.pick(now, now.plus(pickTimeout), nodeId, free);
            lastPoll = now;
        } catch (RuntimeException e) {
            capacity.release(free);
            throw e;
        }
        capacity.release(free - keys.size());
        try {
            contexts.prefetch(keys);
        } catch (RuntimeException e) {
            LOG.debug("could not read the contexts of picked steps ahead; each step reads its own",
                    Redaction.forLog(e));
        }
        return keys;
    }

    private void submit(List<TimerKey> keys, CountDownLatch done) {
        List<TimerKey> rejected = new ArrayList<>();
        for (TimerKey key : keys) {
            try {
                pool.execute(new Task(key, done));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                contexts.forget(key);
                rejected.add(key);
                capacity.release();
                if (done != null) {
                    done.countDown();
                }
            }
        }
        picker.release(rejected, nodeId);
    }

    /** One timer handed to the engine; errors are logged, and the lease brings the work back. */
    private final class Task implements Runnable {
        final TimerKey key;
        final CountDownLatch done;

        Task(TimerKey key, CountDownLatch done) {
            this.key = key;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                handler.accept(key);
            } catch (Throwable e) { // a worker survives whatever the handler throws, even an Error
                LOG.error("timer {} failed; it is due again when its lease or pick runs out", key,
                        Redaction.forLog(e));
            } finally {
                contexts.forget(key);
                capacity.release();
                roomFreed();
                if (done != null) {
                    done.countDown();
                }
            }
        }
    }

    /** Running, the time of the last successful pick, and the timers this node holds (taken, queued or running). */
    @Override
    public Health health() {
        return new Health(running, lastPoll, batchSize - capacity.availablePermits());
    }

    /** Stops polling, gives back the timers taken but not started, and waits for those in progress. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (poller != null) {
                poller.join(shutdownTimeout.toMillis());
            }
            List<Runnable> waiting = new ArrayList<>();
            pool.getQueue().drainTo(waiting);
            List<TimerKey> unstarted = new ArrayList<>();
            for (Runnable runnable : waiting) {
                Task task = (Task) runnable;
                contexts.forget(task.key);
                unstarted.add(task.key);
                capacity.release();
                if (task.done != null) {
                    task.done.countDown();
                }
            }
            pool.shutdown();
            picker.release(unstarted, nodeId);
            if (!pool.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("steps still running after {}; their leases will hand them to another node", shutdownTimeout);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not give back picked timers; they are due again after {}", pickTimeout,
                    Redaction.forLog(e));
        }
    }

    /** Fluent builder; every setting has a {@code DEFAULT_*}. */
    public static final class Builder {
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
        public static final Duration DEFAULT_PICK_TIMEOUT = Duration.ofMinutes(5);
        public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
        public static final int DEFAULT_BATCH_SIZE = 100;
        public static final int DEFAULT_WORKERS = 4;
        /** Longest wait between polls while the database cannot be reached. */
        public static final Duration MAX_POLL_BACKOFF = Duration.ofMinutes(1);

        private final JdbcRecoveryStore store;
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration pickTimeout = DEFAULT_PICK_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int workers = DEFAULT_WORKERS;
        private String nodeId;
        private boolean background = true;

        private Builder(JdbcRecoveryStore store) {
            if (store == null) {
                throw new IllegalArgumentException("store must not be null");
            }
            this.store = store;
        }

        /** Where "now" comes from; give the engine's clock. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /**
         * How long the loop sleeps after a poll that found less due work than it had room for (a schedule hint for
         * work due now wakes it earlier); default 1 second.
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = positive(value, "pollInterval");
            return this;
        }

        /** How long a taken timer stays with this node before another may take it; default 5 minutes. */
        public Builder pickTimeout(Duration value) {
            this.pickTimeout = positive(value, "pickTimeout");
            return this;
        }

        /** How long {@link #close()} waits for steps in progress; default 30 seconds. */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = positive(value, "shutdownTimeout");
            return this;
        }

        /** Most timers this node holds at once (taken, queued or running); default 100. */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batchSize must be positive");
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Threads that run due work; default 4. Steps mostly wait (for an LLM, for SMTP, for the claims and
         * completions they share with other steps, during which they hold no connection), so a busy node wants far
         * more workers than cores or pooled connections; on the 2-core benchmark machine 400 workers with a
         * {@link #batchSize} of 400 share 8 connections. Keep {@link #batchSize} at least as large.
         */
        public Builder workers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("workers must be positive");
            }
            this.workers = value;
            return this;
        }

        /** This node's id in the timer rows; default {@code node-<random uuid>}. */
        public Builder nodeId(String value) {
            if (value == null || value.isBlank() || value.length() > 200) {
                throw new IllegalArgumentException("nodeId must be 1 to 200 characters");
            }
            this.nodeId = value;
            return this;
        }

        /**
         * Whether a background thread polls (default); without it nothing runs until {@link #pollOnce()} is
         * called, which is how tests drive a settable clock.
         */
        public Builder backgroundPolling(boolean value) {
            this.background = value;
            return this;
        }

        public JdbcScheduler build() {
            return new JdbcScheduler(this);
        }

        private static <T> T requireNonNull(T value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not be null");
            }
            return value;
        }

        private static Duration positive(Duration value, String field) {
            requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive");
            }
            return value;
        }
    }
}

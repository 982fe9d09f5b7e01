package io.cartrecovery.examples.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request threads of the service, with deadlines on reading each request and on writing its response.
 *
 * <p>The JDK server reads the request line, the headers and the body on the executor's thread, with a blocking
 * read and no timeout of its own unless the JVM-wide {@code sun.net.httpserver.maxReqTime} property was set before
 * the server class was first loaded; writes block the same way. So a client that trickles its request, or never
 * reads its response, holds a thread for as long as it likes. Here every exchange must call {@link #requestRead()}
 * within {@code timeout} of starting, and a response started with {@link #responding()} must be written within
 * {@code timeout}; otherwise the thread is interrupted, which closes the connection's channel (an interruptible
 * channel) and ends the blocked read or write with {@code ClosedByInterruptException}; the server then drops the
 * connection. Between the two, while the engine works, no deadline runs, so an interrupt never lands in engine
 * work.
 */
final class RequestExecutor implements Executor, AutoCloseable {
    /** Exchanges waiting for a thread; beyond that the server closes new connections at once. */
    static final int QUEUE_CAPACITY = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor watchdog;
    private final long timeoutNanos;

    RequestExecutor(int threads, Duration timeout) {
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE_CAPACITY), runnable -> daemon(runnable,
                "recovery-http-" + counter.incrementAndGet()));
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "recovery-http-deadline"));
        this.watchdog.setRemoveOnCancelPolicy(true);
        this.timeoutNanos = timeout.toNanos();
    }

    /** Runs {@code exchange} on a request thread; throws {@code RejectedExecutionException} when all are taken. */
    @Override
    public void execute(Runnable exchange) {
        pool.execute(() -> {
            Deadline deadline = new Deadline(Thread.currentThread(), watchdog, timeoutNanos);
            deadline.arm("send its request");
            CURRENT.set(deadline);
            try {
                exchange.run();
            } finally {
                CURRENT.remove();
                deadline.end();
            }
        });
    }

    /** The current exchange's request is read: no deadline runs until {@link #responding()}. */
    static void requestRead() {
        Deadline deadline = CURRENT.get();
        if (deadline != null) {
            deadline.disarm();
        }
    }

    /** The current exchange starts writing its response, which must be read by the client within the timeout. */
    static void responding() {
        Deadline deadline = CURRENT.get();
        if (deadline != null) {
            deadline.arm("read its response");
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        pool.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One exchange's deadline; arming, disarming and expiring exclude each other, so no interrupt outlives it. */
    private static final class Deadline {
        private final Thread thread;
        private final ScheduledExecutorService watchdog;
        private final long timeoutNanos;
        private ScheduledFuture<?> timer;
        private boolean fired;

        Deadline(Thread thread, ScheduledExecutorService watchdog, long timeoutNanos) {
            this.thread = thread;
            this.watchdog = watchdog;
            this.timeoutNanos = timeoutNanos;
        }

        synchronized void arm(String what) {
            disarm();
            if (!fired) {
                timer = watchdog.schedule(() -> expire(what), timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }

        synchronized void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private synchronized void expire(String what) {
            if (timer != null && !fired) {
                fired = true;
                timer = null;
                thread.interrupt();
                LOG.warn("closing a connection that did not {} within {} ms", what,
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            }
        }

        /** Stops the deadline for good; clears an interrupt it delivered, which must not reach the next task. */
        void end() {
            boolean clear;
            synchronized (this) {
                disarm();
                clear = fired;
                fired = true; // no more arming
            }
            if (clear) {
                Thread.interrupted();
            }
        }
    }
}

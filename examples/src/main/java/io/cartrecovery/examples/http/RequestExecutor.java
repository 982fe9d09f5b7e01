package io.cartrecovery.examples.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request threads of the service, with a deadline on reading each request.
 *
 * <p>The JDK server reads the request line, the headers and the body on the executor's thread, with a blocking
 * read and no timeout of its own unless the JVM-wide {@code sun.net.httpserver.maxReqTime} property was set before
 * the server class was first loaded. So a client that trickles its request holds a thread for as long as it
 * likes. Here every exchange must call {@link #requestRead()} within {@code requestTimeout} of starting; otherwise
 * its thread is interrupted, which closes the connection's channel (it is an interruptible channel) and ends the
 * blocked read with {@code ClosedByInterruptException}; the server then drops the connection. The engine is only
 * called after {@link #requestRead()}, so an interrupt never lands in engine work.
 */
final class RequestExecutor implements Executor, AutoCloseable {
    /** Exchanges waiting for a thread; beyond that the server closes new connections at once. */
    static final int QUEUE_CAPACITY = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor watchdog;
    private final long timeoutNanos;

    RequestExecutor(int threads, Duration requestTimeout) {
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE_CAPACITY), runnable -> daemon(runnable,
                "recovery-http-" + counter.incrementAndGet()));
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "recovery-http-deadline"));
        this.watchdog.setRemoveOnCancelPolicy(true);
        this.timeoutNanos = requestTimeout.toNanos();
    }

    /** Runs {@code exchange} on a request thread; throws {@code RejectedExecutionException} when all are taken. */
    @Override
    public void execute(Runnable exchange) {
        pool.execute(() -> {
            Deadline deadline = new Deadline(Thread.currentThread(), timeoutNanos);
            deadline.timer = watchdog.schedule(deadline::expire, timeoutNanos, TimeUnit.NANOSECONDS);
            CURRENT.set(deadline);
            try {
                exchange.run();
            } finally {
                CURRENT.remove();
                deadline.end();
            }
        });
    }

    /** Tells the current exchange's deadline that its request is read: from here on it is never interrupted. */
    static void requestRead() {
        Deadline deadline = CURRENT.get();
        if (deadline != null) {
            deadline.end();
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

    /** One exchange's deadline; ending and expiring exclude each other, so an interrupt never outlives it. */
    private static final class Deadline {
        private final Thread thread;
        private final long timeoutNanos;
        private ScheduledFuture<?> timer;
        private boolean ended;
        private boolean fired;

        Deadline(Thread thread, long timeoutNanos) {
            this.thread = thread;
            this.timeoutNanos = timeoutNanos;
        }

        synchronized void expire() {
            if (!ended) {
                ended = true;
                fired = true;
                thread.interrupt();
                LOG.warn("closing a connection that did not send its request within {} ms",
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            }
        }

        /** Stops the deadline; clears an interrupt it delivered, so that it cannot reach the thread's next task. */
        void end() {
            boolean clear;
            synchronized (this) {
                ended = true;
                clear = fired;
                timer.cancel(false);
            }
            if (clear && Thread.currentThread() == thread) {
                Thread.interrupted();
            }
        }
    }
}

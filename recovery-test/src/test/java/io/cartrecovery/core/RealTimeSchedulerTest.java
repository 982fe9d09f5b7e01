package io.cartrecovery.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-time scheduler on a settable clock: it finds due work by asking the store (here a map of due times),
 * notices clock jumps, and brings back work whose run failed or made no progress only after a backoff.
 */
class RealTimeSchedulerTest {
    private final SettableClock clock = SettableClock.at(T0);
    private final Scheduler scheduler = Scheduler.realTime(clock, 2);
    private final BlockingQueue<TimerKey> handled = new LinkedBlockingQueue<>();
    /** The "store": due times by key; a handler that completes work removes its key. */
    private final Map<TimerKey, Instant> due = new ConcurrentHashMap<>();

    private List<DueTimer> dueTimers(Instant now, int limit) {
        return due.entrySet().stream().filter(e -> !e.getValue().isAfter(now))
                .map(e -> new DueTimer(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(DueTimer::dueAt)).limit(limit).toList();
    }

    @AfterEach
    void close() {
        scheduler.close();
    }

    private TimerKey next() throws InterruptedException {
        return handled.poll(10, TimeUnit.SECONDS);
    }

    /** Records the key and completes its work. */
    private void complete(TimerKey key) {
        due.remove(key);
        handled.add(key);
    }

    @Test
    void dueWorkRunsAndFutureWorkWaitsForTheClock() throws InterruptedException {
        TimerKey later = TimerKey.sequence("s", "later");
        TimerKey now = TimerKey.sequence("s", "now");
        due.put(later, T0.plus(Duration.ofHours(1)));
        due.put(now, T0);
        scheduler.start(this::dueTimers, this::complete);

        assertThat(next()).isEqualTo(now);
        assertThat(handled.poll(1_500, TimeUnit.MILLISECONDS)).isNull();

        clock.advance(Duration.ofHours(1));
        assertThat(next()).isEqualTo(later);
    }

    @Test
    void workWrittenAfterStartIsFoundWithoutBeingScheduled() throws InterruptedException {
        scheduler.start(this::dueTimers, this::complete);
        TimerKey written = TimerKey.cart("s", "c1");
        due.put(written, T0.plusSeconds(30));
        clock.advance(Duration.ofMinutes(1));

        assertThat(next()).isEqualTo(written);
    }

    @Test
    void aFailingRunComesBackAfterABackoffAndOthersKeepRunning() throws InterruptedException {
        TimerKey poison = TimerKey.sequence("s", "poison");
        TimerKey healthy = TimerKey.sequence("s", "healthy");
        Semaphore poisonRuns = new Semaphore(0);
        due.put(poison, T0);
        due.put(healthy, T0);
        scheduler.start(this::dueTimers, key -> {
            if (key.equals(poison)) {
                poisonRuns.release();
                throw new OutOfMemoryError("boom"); // even an Error leaves the worker alive
            }
            complete(key);
        });

        assertThat(next()).isEqualTo(healthy);
        assertThat(poisonRuns.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        // no retry before the clock passes the backoff
        assertThat(poisonRuns.tryAcquire(1_500, TimeUnit.MILLISECONDS)).isFalse();

        due.put(TimerKey.sequence("s", "marker"), T0.plusSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(next()).isEqualTo(TimerKey.sequence("s", "marker"));
        assertThat(poisonRuns.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRunThatLeavesItsTimerAsItWasIsNotRepeatedAtOnce() throws InterruptedException {
        TimerKey stuck = TimerKey.sequence("s", "stuck");
        Semaphore runs = new Semaphore(0);
        due.put(stuck, T0);
        scheduler.start(this::dueTimers, key -> runs.release()); // changes nothing

        assertThat(runs.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.tryAcquire(2_500, TimeUnit.MILLISECONDS)).isFalse();

        clock.advance(Duration.ofMinutes(10));
        assertThat(runs.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closedSchedulerRunsNothingMore() throws InterruptedException {
        due.put(TimerKey.sequence("s", "before"), T0);
        scheduler.start(this::dueTimers, this::complete);
        assertThat(next()).isNotNull();
        scheduler.close();

        due.put(TimerKey.sequence("s", "after"), T0);
        clock.advance(Duration.ofHours(1));

        assertThat(handled.poll(1_500, TimeUnit.MILLISECONDS)).isNull();
    }
}

package io.cartrecovery.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The real-time scheduler on a settable clock: it notices clock jumps and hands due timers to its workers. */
class RealTimeSchedulerTest {
    private final SettableClock clock = SettableClock.at(T0);
    private final Scheduler scheduler = Scheduler.realTime(clock, 2);
    private final BlockingQueue<TimerKey> handled = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        scheduler.close();
    }

    private TimerKey next() throws InterruptedException {
        return handled.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void dueTimersRunAndFutureOnesWaitForTheClock() throws InterruptedException {
        scheduler.start(handled::add);
        TimerKey later = TimerKey.sequence("s", "later");
        TimerKey now = TimerKey.sequence("s", "now");
        scheduler.schedule(later, T0.plus(Duration.ofHours(1)));
        scheduler.schedule(now, T0);

        assertThat(next()).isEqualTo(now);
        assertThat(handled).isEmpty();

        clock.advance(Duration.ofHours(1));
        assertThat(next()).isEqualTo(later);
    }

    @Test
    void cancelledAndReplacedTimersDoNotRun() throws InterruptedException {
        scheduler.start(handled::add);
        TimerKey cancelled = TimerKey.sequence("s", "cancelled");
        TimerKey moved = TimerKey.sequence("s", "moved");
        TimerKey marker = TimerKey.cart("s", "marker");
        scheduler.schedule(cancelled, T0.plus(Duration.ofMinutes(1)));
        scheduler.cancel(cancelled);
        scheduler.schedule(moved, T0.plus(Duration.ofMinutes(1)));
        scheduler.schedule(moved, T0.plus(Duration.ofDays(1)));
        scheduler.schedule(marker, T0.plus(Duration.ofMinutes(2)));

        clock.advance(Duration.ofMinutes(5));

        assertThat(next()).isEqualTo(marker);
        assertThat(handled).isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(next()).isEqualTo(moved);
    }

    @Test
    void aFailingHandlerDoesNotStopTheScheduler() throws InterruptedException {
        TimerKey poison = TimerKey.sequence("s", "poison");
        scheduler.start(key -> {
            if (key.equals(poison)) {
                throw new IllegalStateException("boom");
            }
            handled.add(key);
        });
        TimerKey healthy = TimerKey.sequence("s", "healthy");
        scheduler.schedule(poison, T0);
        scheduler.schedule(healthy, T0.plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));

        assertThat(next()).isEqualTo(healthy);
    }

    @Test
    void closedSchedulerRunsNothingMore() throws InterruptedException {
        scheduler.start(handled::add);
        scheduler.schedule(TimerKey.sequence("s", "before"), T0);
        assertThat(next()).isNotNull();
        scheduler.close();

        scheduler.schedule(TimerKey.sequence("s", "after"), T0);
        clock.advance(Duration.ofHours(1));

        assertThat(handled.poll(1_500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(List.copyOf(handled)).isEmpty();
    }
}

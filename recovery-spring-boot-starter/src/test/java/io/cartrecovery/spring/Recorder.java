package io.cartrecovery.spring;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An email sender and a listener that record what they get, and wait, up to a deadline, for what they expect. */
final class Recorder implements Sender, RecoveryListener {
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<RecoveryEvent> events = new ArrayList<>();

    @Override
    public synchronized SendResult send(Delivery delivery) {
        deliveries.add(delivery);
        notifyAll();
        return SendResult.delivered();
    }

    @Override
    public synchronized void onEvent(Notice notice) {
        events.add(notice.event());
        notifyAll();
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized List<RecoveryEvent> events() {
        return List.copyOf(events);
    }

    /** Waits until {@code condition} holds for this recorder, or fails after {@code deadline}. */
    synchronized void await(Predicate<Recorder> condition, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.test(this)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not reached within " + deadline + "; events " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

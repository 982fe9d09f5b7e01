package io.cartrecovery.test;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A thread-safe {@link Sender} that records every attempt and can be told what to answer next. Deliveries
 * answered {@code DELIVERED} are the "sent" list; all attempts are in {@link #attempts()}.
 */
public final class RecordingSender implements Sender {

    /** One call of {@link #send}, with the clock's time and the answer given. */
    public record Attempt(Delivery delivery, Instant at, SendResult result) {}

    private final Clock clock;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Deque<SendResult> scripted = new ArrayDeque<>();
    private SendResult otherwise = SendResult.delivered();

    /** A sender that answers {@code DELIVERED} unless scripted otherwise, and stamps attempts with {@code clock}. */
    public RecordingSender(Clock clock) {
        this.clock = clock;
    }

    /** The next {@code count} calls fail transiently. */
    public synchronized RecordingSender failTransiently(int count) {
        for (int i = 0; i < count; i++) {
            scripted.add(SendResult.transientFailure("scripted transient failure"));
        }
        return this;
    }

    /** The next call fails permanently. */
    public synchronized RecordingSender failPermanently() {
        scripted.add(SendResult.permanentFailure("scripted permanent failure"));
        return this;
    }

    /** Every call not scripted otherwise answers {@code result}. */
    public synchronized RecordingSender otherwiseAnswer(SendResult result) {
        this.otherwise = result;
        return this;
    }

    @Override
    public synchronized SendResult send(Delivery delivery) {
        SendResult result = scripted.isEmpty() ? otherwise : scripted.poll();
        attempts.add(new Attempt(delivery, clock.instant(), result));
        notifyAll();
        return result;
    }

    /** Waits up to {@code millis} for the next attempt, for senders driven by a background scheduler. */
    public synchronized void awaitAttempt(long millis) throws InterruptedException {
        int seen = attempts.size();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (attempts.size() == seen && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
    }

    /** Every attempt so far, oldest first, whatever its answer. */
    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Attempts that were answered {@code DELIVERED}. */
    public synchronized List<Attempt> sent() {
        return attempts.stream().filter(a -> a.result().status() == SendResult.Status.DELIVERED).toList();
    }
}

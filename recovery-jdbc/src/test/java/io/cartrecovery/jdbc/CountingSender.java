package io.cartrecovery.jdbc;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe sender shared by every node of a test: counts deliveries by idempotency key, fails a seeded
 * random share of attempts transiently, and records any delivery for a sequence whose purchase was committed.
 */
final class CountingSender implements Sender {
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final Set<String> purchased = ConcurrentHashMap.newKeySet();
    private final List<String> afterPurchase = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final SplittableRandom random;
    private final double failureRate;

    CountingSender(long seed, double failureRate) {
        this.random = new SplittableRandom(seed);
        this.failureRate = failureRate;
    }

    @Override
    public SendResult send(Delivery delivery) {
        attempts.incrementAndGet();
        boolean fail;
        synchronized (random) {
            fail = random.nextDouble() < failureRate;
        }
        if (fail) {
            return SendResult.transientFailure("injected");
        }
        if (purchased.contains(delivery.sequenceId())) {
            afterPurchase.add(delivery.idempotencyKey());
        }
        delivered.computeIfAbsent(delivery.idempotencyKey(), key -> new AtomicInteger()).incrementAndGet();
        return SendResult.delivered();
    }

    /** Called once the purchase that stops {@code sequenceId} has committed. */
    void purchaseCommitted(String sequenceId) {
        purchased.add(sequenceId);
    }

    int deliveries(String idempotencyKey) {
        AtomicInteger count = delivered.get(idempotencyKey);
        return count == null ? 0 : count.get();
    }

    Map<String, AtomicInteger> delivered() {
        return delivered;
    }

    List<String> deliveredAfterPurchase() {
        return afterPurchase;
    }

    int attempts() {
        return attempts.get();
    }
}

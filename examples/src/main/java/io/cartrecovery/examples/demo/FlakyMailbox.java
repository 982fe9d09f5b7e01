package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;

import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Puts the failures of real mail servers in front of a sender: addresses at a bouncing domain fail permanently
 * (a 5xx reply), and a share of all attempts fails transiently (a 4xx reply), drawn from a seeded random source.
 */
final class FlakyMailbox implements Sender {
    private final Sender delegate;
    private final Set<String> bouncingDomains;
    private final double transientFailureRate;
    private final RandomGenerator random;

    FlakyMailbox(Sender delegate, Set<String> bouncingDomains, double transientFailureRate, RandomGenerator random) {
        this.delegate = delegate;
        this.bouncingDomains = Set.copyOf(bouncingDomains);
        this.transientFailureRate = transientFailureRate;
        this.random = random;
    }

    @Override
    public SendResult send(Delivery delivery) {
        String address = delivery.customer().email();
        String domain = address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (bouncingDomains.contains(domain)) {
            return SendResult.permanentFailure("550 5.1.1 mailbox unavailable");
        }
        boolean fails;
        synchronized (random) {
            fails = random.nextDouble() < transientFailureRate;
        }
        return fails ? SendResult.transientFailure("421 4.7.0 try again later") : delegate.send(delivery);
    }
}

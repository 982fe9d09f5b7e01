package io.cartrecovery.core;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for transient delivery failures.
 *
 * @param maxAttempts    attempts per step, including the first, at least 1
 * @param initialBackoff wait after the first failure
 * @param multiplier     growth of the wait per failure, at least 1
 * @param maxBackoff     cap on the wait before jitter
 * @param jitter         fraction of the wait added or removed at random, 0 to 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMinutes(1);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);
    public static final double DEFAULT_JITTER = 0.2;

    public RetryPolicy {
        Checks.positive(maxAttempts, "maxAttempts");
        Checks.notNull(initialBackoff, "initialBackoff");
        Checks.notNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MULTIPLIER,
                DEFAULT_MAX_BACKOFF, DEFAULT_JITTER);
    }

    /** The wait after the {@code failures}-th failure (1-based), jittered with {@code random}. */
    public Duration backoff(int failures, RandomGenerator random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
        return Duration.ofMillis(Math.max(1L, Math.round(capped * factor)));
    }
}

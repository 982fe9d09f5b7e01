package io.cartrecovery.core.analytics;

/**
 * A count out of a total, for example recovered sequences out of started ones.
 *
 * @param count how many had the outcome, from 0 to {@code total}
 * @param total how many could have had it, not negative
 */
public record Rate(long count, long total) {
    /** Nothing counted. */
    public static final Rate ZERO = new Rate(0, 0);

    public Rate {
        if (total < 0 || count < 0 || count > total) {
            throw new IllegalArgumentException("count must be between 0 and total, and total not negative");
        }
    }

    /** {@code count / total}; 0.0 when {@code total} is 0 (nothing to measure is not a failure). */
    public double value() {
        return total == 0 ? 0.0 : (double) count / total;
    }

    /** The sum of both counts and totals. */
    public Rate plus(Rate other) {
        return new Rate(count + other.count, total + other.total);
    }
}

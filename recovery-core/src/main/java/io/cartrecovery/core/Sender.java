package io.cartrecovery.core;

/**
 * Delivers messages on one channel. An exception thrown by {@link #send} counts as a transient failure.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sender {

    SendResult send(Delivery delivery);

    /** A sender that accepts everything and delivers nothing, for benchmarks and dry runs. */
    static Sender noop() {
        return delivery -> SendResult.delivered();
    }
}

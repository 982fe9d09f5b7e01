package io.cartrecovery.core;

/**
 * Delivers messages on one channel. An exception thrown by {@link #send} counts as a transient failure.
 * Implementations must be thread-safe.
 *
 * <p>Guarantee: each step is sent at most once while nodes stay up. When a node dies (or loses its lease)
 * after its send and before the step's completion was recorded, another node sends the step again after the
 * lease: at least once in that window, always with the same {@link Delivery#idempotencyKey()} (the email
 * Message-ID), and with {@link Delivery.Attempt#previousOutcomeUnknown()} set, so that a channel that cannot
 * deduplicate by the key can check with its provider before sending again.
 */
@FunctionalInterface
public interface Sender {

    SendResult send(Delivery delivery);

    /** A sender that accepts everything and delivers nothing, for benchmarks and dry runs. */
    static Sender noop() {
        return delivery -> SendResult.delivered();
    }
}

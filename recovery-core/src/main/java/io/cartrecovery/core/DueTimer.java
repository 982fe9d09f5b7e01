package io.cartrecovery.core;

import java.time.Instant;

/**
 * A timer as the store holds it: what is due and when.
 *
 * @param key   the sequence step or cart abandonment check
 * @param dueAt when it falls due
 */
public record DueTimer(TimerKey key, Instant dueAt) {

    public DueTimer {
        Checks.notNull(key, "key");
        Checks.notNull(dueAt, "dueAt");
    }
}

package io.cartrecovery.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's own view of its health, cheap enough to read every few seconds (one indexed read of the store).
 *
 * @param running     whether the scheduler is started and not closed
 * @param lastPoll    when the scheduler last asked the store for due work successfully, or {@code null} if never
 * @param inFlight    steps this node holds (picked, queued or running)
 * @param oldestDueAt the due time of the oldest work due now, or {@code null} when nothing is due
 * @param lag         how long that work has been due ({@link Duration#ZERO} when nothing is): the work waiting
 *                    for a worker, or for this node to come back
 */
public record EngineHealth(boolean running, Instant lastPoll, int inFlight, Instant oldestDueAt, Duration lag) {

    public EngineHealth {
        Checks.notNull(lag, "lag");
    }
}

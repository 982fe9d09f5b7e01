package io.cartrecovery.openai;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling the API after {@code threshold} consecutive failed requests; after {@code coolDown} (on the injected clock)
 * lets one probe through, which closes the circuit on success and opens it again on failure.
 */
final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;

    CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /**
     * Whether a call may go out now; every {@code true} must be followed by {@link #onSuccess}, {@link #onFailure}
     * or {@link #onAbandoned}.
     */
    synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.instant().isBefore(openedAt.plus(coolDown))) {
                    return false;
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                LOG.info("OpenAI circuit half-open: sending one probe request");
                return true;
            default:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    /** Whether {@link #tryAcquire} would refuse now; changes nothing. */
    synchronized boolean rejectsNow() {
        return state == State.OPEN ? clock.instant().isBefore(openedAt.plus(coolDown))
                : state == State.HALF_OPEN && probeInFlight;
    }

    /** The call was given up before its outcome was known (the caller was interrupted): a probe may go again. */
    synchronized void onAbandoned() {
        probeInFlight = false;
    }

    synchronized void onSuccess() {
        if (state != State.CLOSED) {
            LOG.info("OpenAI circuit closed");
        }
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    synchronized void onFailure() {
        probeInFlight = false;
        if (state == State.OPEN) {
            return; // a call that started before the circuit opened
        }
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            consecutiveFailures = 0;
            LOG.warn("OpenAI circuit open for {} after repeated failures; messages use the fallback", coolDown);
        }
    }

    synchronized State state() {
        return state;
    }
}

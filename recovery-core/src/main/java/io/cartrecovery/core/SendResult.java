package io.cartrecovery.core;

/**
 * What a {@link Sender} reports for one delivery.
 *
 * @param status delivered, or how it failed
 * @param detail a short reason for a failure (no personal data), or {@code null}
 */
public record SendResult(Status status, String detail) {

    /** Outcome classes the engine acts on. */
    public enum Status {
        /** Accepted by the channel. */
        DELIVERED,
        /** Might work later (timeouts, 4xx SMTP replies): the engine retries with backoff. */
        TRANSIENT_FAILURE,
        /** Will never work (invalid address, 5xx SMTP replies): the channel is marked unreachable. */
        PERMANENT_FAILURE
    }

    private static final SendResult DELIVERED = new SendResult(Status.DELIVERED, null);

    public SendResult {
        Checks.notNull(status, "status");
    }

    public static SendResult delivered() {
        return DELIVERED;
    }

    public static SendResult transientFailure(String detail) {
        return new SendResult(Status.TRANSIENT_FAILURE, detail);
    }

    public static SendResult permanentFailure(String detail) {
        return new SendResult(Status.PERMANENT_FAILURE, detail);
    }
}

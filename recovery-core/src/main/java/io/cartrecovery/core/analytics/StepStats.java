package io.cartrecovery.core.analytics;

/**
 * What one step of the plans achieved. Opens and clicks count each (sequence, step) once.
 *
 * @param stepId         the step
 * @param sent           messages sent
 * @param opened         sent messages opened at least once (for a popup: shown to the customer)
 * @param clicked        sent messages clicked at least once
 * @param recoveredAfter recoveries credited to this step: it was the last message delivered before the purchase
 *                       (see {@link AnalyticsReport})
 */
public record StepStats(String stepId, long sent, long opened, long clicked, long recoveredAfter) {

    public StepStats {
        if (stepId == null || stepId.isBlank()) {
            throw new IllegalArgumentException("stepId must not be blank");
        }
        if (sent < 0 || opened < 0 || clicked < 0 || recoveredAfter < 0 || opened > sent || clicked > sent
                || recoveredAfter > sent) {
            throw new IllegalArgumentException("opened, clicked and recoveredAfter must be between 0 and sent");
        }
    }

    /** Opened out of sent; 0.0 with nothing sent. */
    public Rate openRate() {
        return new Rate(opened, sent);
    }

    /** Clicked out of sent; 0.0 with nothing sent. */
    public Rate clickRate() {
        return new Rate(clicked, sent);
    }

    /** Recoveries credited to this step, out of its sends; 0.0 with nothing sent. */
    public Rate recoveryRate() {
        return new Rate(recoveredAfter, sent);
    }
}

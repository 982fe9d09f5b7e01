package io.cartrecovery.core;

import java.time.Instant;

/**
 * What became of one step.
 *
 * @param stepId   the step
 * @param status   sent, skipped or failed
 * @param reason   why it was skipped or failed, {@code null} when sent
 * @param attempts delivery attempts made
 * @param at       when the outcome was recorded
 */
public record StepOutcome(String stepId, StepStatus status, String reason, int attempts, Instant at) {

    public StepOutcome {
        Checks.id(stepId, "stepId");
        Checks.notNull(status, "status");
        Checks.notNull(at, "at");
    }
}

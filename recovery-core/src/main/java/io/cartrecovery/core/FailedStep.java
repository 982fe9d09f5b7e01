package io.cartrecovery.core;

import java.time.Instant;

/**
 * A dead letter: a step that failed for good (its retries ran out, the address bounced, or its runs kept
 * failing) and was recorded as {@code STEP_FAILED}; the sequence moved on.
 *
 * @param storeId    the store
 * @param sequenceId the sequence
 * @param cartId     the sequence's cart
 * @param stepId     the failed step
 * @param detail     why it failed, as recorded (no personal data)
 * @param failedAt   when it was recorded as failed
 */
public record FailedStep(String storeId, String sequenceId, String cartId, String stepId, String detail,
                         Instant failedAt) {

    public FailedStep {
        Checks.id(storeId, "storeId");
        Checks.id(sequenceId, "sequenceId");
        Checks.notNull(failedAt, "failedAt");
    }
}

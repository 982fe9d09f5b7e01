package io.cartrecovery.core;

/** What became of one step of a sequence. */
public enum StepStatus {
    SENT,
    SKIPPED,
    FAILED
}

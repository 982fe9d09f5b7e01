package io.cartrecovery.core;

/** Life cycle of a sequence: {@code ACTIVE}, then exactly one terminal state. */
public enum SequenceStatus {
    ACTIVE,
    COMPLETED,
    STOPPED;

    /** Whether nothing will ever be sent again for a sequence in this state. */
    public boolean isTerminal() {
        return this != ACTIVE;
    }
}

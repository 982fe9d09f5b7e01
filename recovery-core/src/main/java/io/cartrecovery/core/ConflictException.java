package io.cartrecovery.core;

/** A write lost to a concurrent one, or would break a uniqueness rule (one active sequence per customer). */
public class ConflictException extends RecoveryException {

    public ConflictException(String message) {
        super(message);
    }
}

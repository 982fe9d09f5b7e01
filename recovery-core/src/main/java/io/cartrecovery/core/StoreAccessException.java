package io.cartrecovery.core;

/** A {@link RecoveryStore} or {@link Scheduler} adapter failed to reach its backing system (a database error). */
public class StoreAccessException extends RecoveryException {

    public StoreAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}

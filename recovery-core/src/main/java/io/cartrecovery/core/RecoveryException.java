package io.cartrecovery.core;

/** Base of every exception the library throws apart from {@link IllegalArgumentException} for bad input. */
public class RecoveryException extends RuntimeException {

    public RecoveryException(String message) {
        super(message);
    }

    public RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.cartrecovery.examples.http;

/**
 * A request the service answers with {@code status} and a JSON error naming {@code field} (or none). The message
 * is written by this service, never taken from the request.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String field;

    ApiException(int status, String message) {
        this(status, null, message);
    }

    ApiException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    /** The offending field, header or parameter, or {@code null}. */
    String field() {
        return field;
    }
}

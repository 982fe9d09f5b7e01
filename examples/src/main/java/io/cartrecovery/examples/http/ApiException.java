package io.cartrecovery.examples.http;

/** A request the service answers with {@code status} and a JSON {@code {"error": message}}. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}

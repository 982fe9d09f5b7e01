package io.cartrecovery.openai;

import io.cartrecovery.core.RecoveryException;

/**
 * The model could not write a usable message. Messages never carry the API key, personal data or the model's text.
 */
public class OpenAiException extends RecoveryException {

    /** Why the message could not be written. */
    public enum Reason {
        /** Connection failure or timeout, after retries. */
        TRANSPORT,
        /** The API answered with an error status, after retries where the status allows them. */
        HTTP_STATUS,
        /** The API's body was not a chat completion. */
        MALFORMED_RESPONSE,
        /** The model refused, or a content filter stopped it. */
        REFUSAL,
        /** The output hit the token limit ({@code finish_reason: length}). */
        TRUNCATED,
        /** The output broke the guardrails twice. */
        GUARDRAIL,
        /** The message's deadline passed: no time left for a request slot, an attempt or a retry. */
        DEADLINE,
        /** The circuit breaker is open: no request (or no further attempt) was sent. */
        CIRCUIT_OPEN,
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED;

        /**
         * Whether this failure of a request says the API is unavailable (and so counts towards opening the circuit);
         * a deadline counts when it cut a request short.
         */
        boolean countsAgainstApi() {
            return this == TRANSPORT || this == HTTP_STATUS || this == MALFORMED_RESPONSE || this == DEADLINE;
        }
    }

    private final Reason reason;

    public OpenAiException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

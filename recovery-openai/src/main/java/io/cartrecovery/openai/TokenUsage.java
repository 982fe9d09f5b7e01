package io.cartrecovery.openai;

/**
 * Tokens the API reported for one store, so a host can see the cost.
 *
 * @param completions      completions that reported usage
 * @param promptTokens     input tokens
 * @param completionTokens output tokens
 */
public record TokenUsage(long completions, long promptTokens, long completionTokens) {

    /** No usage at all. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (completions < 0 || promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("usage counts must not be negative");
        }
    }

    /** {@code promptTokens + completionTokens}. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}

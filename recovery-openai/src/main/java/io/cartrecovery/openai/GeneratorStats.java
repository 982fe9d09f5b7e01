package io.cartrecovery.openai;

/**
 * A snapshot of what an {@link OpenAiMessageGenerator} has done since it was built.
 *
 * @param messages            messages asked for ({@code generate} calls)
 * @param cacheHits           messages served from the cache without an API call
 * @param requests            HTTP requests sent, retries and regenerations included
 * @param guardrailRejections model outputs the guardrails rejected
 * @param failures            messages the model could not write (errors, refusals, truncation, rejected twice,
 *                            circuit open)
 * @param fallbacks           messages written by the fallback generator instead
 * @param promptTokens        input tokens over all stores
 * @param completionTokens    output tokens over all stores
 */
public record GeneratorStats(long messages, long cacheHits, long requests, long guardrailRejections, long failures,
                             long fallbacks, long promptTokens, long completionTokens) {

    /** Share of messages served by the fallback; 0.0 when no message was asked for. */
    public double fallbackRate() {
        return messages == 0 ? 0.0 : (double) fallbacks / messages;
    }

    /** Share of messages served from the cache; 0.0 when no message was asked for. */
    public double cacheHitRate() {
        return messages == 0 ? 0.0 : (double) cacheHits / messages;
    }
}

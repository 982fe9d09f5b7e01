package io.cartrecovery.micrometer;

import io.cartrecovery.openai.GeneratorStats;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The OpenAI generator's own counters as meters, read from {@link OpenAiMessageGenerator#stats()} at each
 * scrape. Needs {@code recovery-openai} on the classpath, which {@code recovery-micrometer} itself does not bring.
 */
public final class OpenAiMetrics implements MeterBinder {
    static final String MESSAGES = "cartrecovery.openai.messages";
    static final String REQUESTS = "cartrecovery.openai.requests";
    static final String TOKENS = "cartrecovery.openai.tokens";
    static final String CIRCUIT_OPEN = "cartrecovery.openai.circuit.open";

    private final OpenAiMessageGenerator generator;

    private OpenAiMetrics(OpenAiMessageGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** Meters of {@code generator}. */
    public static OpenAiMetrics of(OpenAiMessageGenerator generator) {
        return new OpenAiMetrics(generator);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(MESSAGES, "Messages asked of the generator", "messages", GeneratorStats::messages)
                .register(registry);
        counter("cartrecovery.openai.cache.hits", "Messages served from the cache without an API call", "messages",
                GeneratorStats::cacheHits).register(registry);
        counter("cartrecovery.openai.failures", "Messages the model could not write", "messages",
                GeneratorStats::failures).register(registry);
        counter("cartrecovery.openai.fallbacks", "Messages the fallback generator wrote instead", "messages",
                GeneratorStats::fallbacks).register(registry);
        counter(REQUESTS, "HTTP requests sent, retries and regenerations included", "requests",
                GeneratorStats::requests).register(registry);
        counter("cartrecovery.openai.guardrail.rejections", "Model outputs the guardrails rejected",
                "outputs", GeneratorStats::guardrailRejections).register(registry);
        counter(TOKENS, "Tokens the API reported", "tokens", GeneratorStats::promptTokens)
                .tag("type", "prompt").register(registry);
        counter(TOKENS, "Tokens the API reported", "tokens", GeneratorStats::completionTokens)
                .tag("type", "completion").register(registry);
        Gauge.builder(CIRCUIT_OPEN, generator, g -> g.circuitOpen() ? 1 : 0)
                .description("1 while the circuit breaker keeps requests from going out").register(registry);
    }

    private FunctionCounter.Builder<OpenAiMessageGenerator> counter(String name,
                                                                     String description, String unit,
                                                                     ToLongFunction<GeneratorStats> field) {
        return FunctionCounter.builder(name, generator, g -> field.applyAsLong(g.stats()))
                .description(description).baseUnit(unit);
    }
}

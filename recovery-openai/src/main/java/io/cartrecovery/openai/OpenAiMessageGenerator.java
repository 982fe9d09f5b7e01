package io.cartrecovery.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.openai.OpenAiException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

import static io.cartrecovery.openai.Args.notNull;
import static io.cartrecovery.openai.Args.positive;
import static io.cartrecovery.openai.Args.requireText;

/**
 * A {@link MessageGenerator} that asks the OpenAI Chat Completions API (or a compatible server) to write each
 * message, checks the answer with guardrails, and falls back to another generator (the templates by default)
 * whenever the model cannot deliver a safe message. Build with {@link #builder()}:
 *
 * <pre>{@code
 * MessageGenerator generator = OpenAiMessageGenerator.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("gpt-4o")
 *         .brandVoice("store-1", BrandVoice.of("Acme Outdoor", "warm and practical"))
 *         .build();
 * }</pre>
 *
 * Thread-safe. Identical prompts (same store, step, tone, locale, segment, incentive and cart contents; personal
 * fields are placeholders) share one API call through a cache.
 */
public final class OpenAiMessageGenerator implements MessageGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiMessageGenerator.class);

    public static final String DEFAULT_BASE_URL = "https://api.openai.com";
    public static final String DEFAULT_MODEL = "gpt-4o";
    public static final double DEFAULT_TEMPERATURE = 0.7;
    public static final int DEFAULT_MAX_COMPLETION_TOKENS = 1_000;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    public static final RetryPolicy DEFAULT_RETRY_POLICY =
            new RetryPolicy(3, Duration.ofMillis(500), 2.0, Duration.ofSeconds(8), 0.2);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
    public static final int DEFAULT_CIRCUIT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_CIRCUIT_COOL_DOWN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);
    public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 10_000;

    private final String description;
    private final ChatClient client;
    private final PromptBuilder prompts;
    private final Guardrails guardrails;
    private final MessageGenerator fallback;
    private final BrandVoice defaultVoice;
    private final Map<String, BrandVoice> voices;
    private final ReviewSnippets reviews;
    private final AsyncCache<CacheKey, Outcome> cache;
    private final Metrics metrics = new Metrics();
    private final Clock clock;
    private final Duration deadline;

    /** What decides a generated draft; personal fields are not part of it unless the store shares first names. */
    private record CacheKey(String storeId, String stepId, String variant, PromptBuilder.Prompt prompt) {}

    /** A written draft, or the failure that threads waiting on the same prompt share. */
    private record Outcome(Draft draft, OpenAiException failure) {}

    private OpenAiMessageGenerator(Builder builder) {
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = builder.httpClient != null ? builder.httpClient
                : HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
        this.client = new ChatClient(builder, http, metrics, mapper);
        this.prompts = new PromptBuilder(mapper, builder.model, builder.temperature, builder.maxCompletionTokens,
                builder.legacyMaxTokens);
        this.guardrails = new Guardrails(mapper);
        this.fallback = builder.fallback;
        this.defaultVoice = builder.defaultVoice;
        this.voices = Map.copyOf(builder.voices);
        this.reviews = builder.reviews;
        this.clock = builder.clock;
        this.deadline = builder.deadline;
        this.cache = builder.cacheMaximumSize == 0 ? null : Caffeine.newBuilder()
                .expireAfterWrite(builder.cacheTtl).maximumSize(builder.cacheMaximumSize)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .buildAsync();
        this.description = "OpenAiMessageGenerator[baseUrl=" + builder.baseUrl + ", model=" + builder.model
                + ", temperature=" + builder.temperature + ", maxCompletionTokens=" + builder.maxCompletionTokens
                + ", deadline=" + builder.deadline + ", maxConcurrentRequests=" + builder.maxConcurrentRequests
                + ", maxAttempts="
                + builder.retryPolicy.maxAttempts() + ", circuit=" + builder.circuitFailureThreshold + " failures/"
                + builder.circuitCoolDown + ", cacheTtl=" + builder.cacheTtl + ", fallback="
                + (fallback == null ? "none" : fallback == MessageGenerator.templates() ? "templates" : "custom")
                + ", apiKey=****]";
        LOG.info("built {}", description);
    }

    /** A builder with every setting at its {@code DEFAULT_*}; only the API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Message generate(MessageRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        metrics.messages.increment();
        String storeId = request.settings().storeId();
        BrandVoice voice = voices.getOrDefault(storeId, defaultVoice);
        try {
            Draft draft = draft(request, voice);
            return draft.toMessage(request.customer().greetingName().orElse(null), request.cart().restoreUrl());
        } catch (RuntimeException e) {
            metrics.failures.increment();
            // Only our own exceptions' messages are known to be free of personal data and secrets.
            String why = e instanceof OpenAiException o ? o.reason() + ": " + o.getMessage() : e.getClass().getName();
            LOG.warn("OpenAI message for store {} step {} not written ({}); {}", storeId, request.step().id(), why,
                    fallback == null ? "failing" : "using the fallback");
            if (fallback == null) {
                throw e;
            }
            metrics.fallbacks.increment();
            return fallback.generate(request);
        }
    }

    private Draft draft(MessageRequest request, BrandVoice voice) {
        PromptBuilder.Prompt prompt = prompts.prompt(request, voice, reviews);
        if (cache == null) {
            return write(request, prompt);
        }
        CacheKey key = new CacheKey(request.settings().storeId(), request.step().id(), request.variant(), prompt);
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) { // cached, or being written by another thread for an identical prompt
            Outcome outcome = existing.join();
            if (outcome.failure() != null) {
                throw new OpenAiException(outcome.failure().reason(), outcome.failure().getMessage());
            }
            metrics.cacheHits.increment();
            return outcome.draft();
        }
        try {
            Draft draft = write(request, prompt);
            mine.complete(new Outcome(draft, null));
            return draft;
        } catch (RuntimeException e) {
            cache.asMap().remove(key, mine); // failures are never cached; threads already waiting share this one
            mine.complete(new Outcome(null, e instanceof OpenAiException o ? o
                    : new OpenAiException(Reason.MALFORMED_RESPONSE, e.getClass().getSimpleName())));
            throw e;
        }
    }

    /**
     * Asks the model, and once more with the list of broken rules if the guardrails reject the answer, all within
     * the message's deadline.
     */
    private Draft write(MessageRequest request, PromptBuilder.Prompt prompt) {
        String storeId = request.settings().storeId();
        Instant until = clock.instant().plus(deadline);
        Guardrails.Verdict verdict =
                guardrails.review(client.complete(storeId, prompts.body(prompt, List.of()), until), request);
        if (verdict.passed()) {
            return verdict.draft();
        }
        metrics.guardrailRejections.increment();
        LOG.info("OpenAI output for store {} step {} rejected by guardrails {}; regenerating", storeId,
                request.step().id(), verdict.violations());
        List<String> broken = verdict.violations().stream().map(Enum::name).toList();
        verdict = guardrails.review(client.complete(storeId, prompts.body(prompt, broken), until), request);
        if (verdict.passed()) {
            return verdict.draft();
        }
        metrics.guardrailRejections.increment();
        throw new OpenAiException(Reason.GUARDRAIL, "output rejected twice by guardrails " + verdict.violations());
    }

    /** Counters since this generator was built. */
    public GeneratorStats stats() {
        return metrics.snapshot();
    }

    /** Tokens used for {@code storeId}; {@link TokenUsage#NONE} for a store never served. */
    public TokenUsage usage(String storeId) {
        return metrics.usage(storeId);
    }

    /** Tokens used per store, sorted by store id. */
    public Map<String, TokenUsage> usageByStore() {
        return metrics.usageByStore();
    }

    /** Callers waiting for a request slot (the concurrency bound at work). */
    int queuedForRequestSlot() {
        return client.queuedForSlot();
    }

    /** Whether the circuit breaker currently keeps requests from going out. */
    public boolean circuitOpen() {
        return client.circuitState() == CircuitBreaker.State.OPEN;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Fluent configuration; {@link #apiKey} is the only required setting. Not thread-safe. */
    public static final class Builder {
        String apiKey;
        String apiKeyHeader;
        String baseUrl = DEFAULT_BASE_URL;
        String organization;
        String project;
        String model = DEFAULT_MODEL;
        double temperature = DEFAULT_TEMPERATURE;
        int maxCompletionTokens = DEFAULT_MAX_COMPLETION_TOKENS;
        boolean legacyMaxTokens;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration readTimeout = DEFAULT_READ_TIMEOUT;
        Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        Duration deadline = DEFAULT_DEADLINE;
        RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
        Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        int circuitFailureThreshold = DEFAULT_CIRCUIT_FAILURE_THRESHOLD;
        Duration circuitCoolDown = DEFAULT_CIRCUIT_COOL_DOWN;
        Duration cacheTtl = DEFAULT_CACHE_TTL;
        long cacheMaximumSize = DEFAULT_CACHE_MAXIMUM_SIZE;
        MessageGenerator fallback = MessageGenerator.templates();
        BrandVoice defaultVoice = BrandVoice.neutral();
        final Map<String, BrandVoice> voices = new HashMap<>();
        ReviewSnippets reviews = ReviewSnippets.none();
        Clock clock = Clock.systemUTC();
        RandomGenerator random = new SplittableRandom();
        Sleeper sleeper = Sleeper.threadSleep();
        HttpClient httpClient;

        private Builder() {}

        /** The secret API key; never logged or shown. Required. */
        public Builder apiKey(String value) {
            this.apiKey = requireText(value, "apiKey");
            return this;
        }

        /**
         * Sends the key in this header as is (Azure OpenAI uses {@code api-key}) instead of
         * {@code Authorization: Bearer}.
         */
        public Builder apiKeyHeader(String headerName) {
            this.apiKeyHeader = Args.headerName(headerName, "apiKeyHeader");
            return this;
        }

        /**
         * Where the API lives; requests go to {@code {baseUrl}/v1/chat/completions}. For Azure OpenAI use
         * {@code https://RESOURCE.openai.azure.com/openai}; for a compatible server its root URL.
         */
        public Builder baseUrl(String value) {
            requireText(value, "baseUrl");
            String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            this.baseUrl = Args.httpUrl(trimmed, "baseUrl");
            return this;
        }

        /** Sent as {@code OpenAI-Organization}; optional. */
        public Builder organization(String value) { this.organization = requireText(value, "organization"); return this; }

        /** Sent as {@code OpenAI-Project}; optional. */
        public Builder project(String value) { this.project = requireText(value, "project"); return this; }

        public Builder model(String value) { this.model = requireText(value, "model"); return this; }

        /** Sampling temperature, 0 to 2. */
        public Builder temperature(double value) {
            if (!(value >= 0.0 && value <= 2.0)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2");
            }
            this.temperature = value;
            return this;
        }

        /** Upper bound on output tokens ({@code max_completion_tokens}). */
        public Builder maxCompletionTokens(int value) {
            this.maxCompletionTokens = positive(value, "maxCompletionTokens");
            return this;
        }

        /** Sends the bound as the older {@code max_tokens}, for servers that do not know the new name. */
        public Builder legacyMaxTokens(boolean value) { this.legacyMaxTokens = value; return this; }

        public Builder connectTimeout(Duration value) { this.connectTimeout = positive(value, "connectTimeout"); return this; }

        /** Bound on waiting for the response's status and headers after sending. */
        public Builder readTimeout(Duration value) { this.readTimeout = positive(value, "readTimeout"); return this; }

        /** Bound on one whole HTTP attempt, body included (less when the message's {@link #deadline} is nearer). */
        public Builder callTimeout(Duration value) { this.callTimeout = positive(value, "callTimeout"); return this; }

        /**
         * Bound on writing one message, on the {@link #clock}: waits for a request slot, attempts, retries and the
         * regeneration included. When it passes, the message is written by the {@link #fallback} (or, with
         * {@link #noFallback()}, {@link #generate} throws {@link OpenAiException} with reason {@code DEADLINE}).
         */
        public Builder deadline(Duration value) { this.deadline = positive(value, "deadline"); return this; }

        /** Attempts and backoff for connection errors, 408, 429 and 5xx. */
        public Builder retryPolicy(RetryPolicy value) { this.retryPolicy = notNull(value, "retryPolicy"); return this; }

        /** Longest {@code Retry-After} worth waiting for; a longer one fails the message to the fallback. */
        public Builder maxRetryAfter(Duration value) { this.maxRetryAfter = positive(value, "maxRetryAfter"); return this; }

        /** Requests in flight at once, over all threads. */
        public Builder maxConcurrentRequests(int value) {
            this.maxConcurrentRequests = positive(value, "maxConcurrentRequests");
            return this;
        }

        /**
         * Opens the circuit after {@code failures} consecutive failed requests, for {@code coolDown}; while it is
         * open no attempt goes out, retries of messages already being written included.
         */
        public Builder circuitBreaker(int failures, Duration coolDown) {
            this.circuitFailureThreshold = positive(failures, "failures");
            this.circuitCoolDown = positive(coolDown, "coolDown");
            return this;
        }

        /** How long a generated message is reused for identical prompts, and how many are kept (0: no cache). */
        public Builder cache(Duration ttl, long maximumSize) {
            this.cacheTtl = positive(ttl, "ttl");
            if (maximumSize < 0) {
                throw new IllegalArgumentException("maximumSize must not be negative");
            }
            this.cacheMaximumSize = maximumSize;
            return this;
        }

        /** Writes the message when the model cannot; default {@link MessageGenerator#templates()}. */
        public Builder fallback(MessageGenerator value) { this.fallback = notNull(value, "fallback"); return this; }

        /** No fallback: {@link #generate} throws {@link OpenAiException} and the engine falls back itself. */
        public Builder noFallback() { this.fallback = null; return this; }

        /** The voice of stores without their own. */
        public Builder defaultBrandVoice(BrandVoice value) { this.defaultVoice = notNull(value, "defaultBrandVoice"); return this; }

        /** The voice of one store. */
        public Builder brandVoice(String storeId, BrandVoice value) {
            voices.put(requireText(storeId, "storeId"), notNull(value, "brandVoice"));
            return this;
        }

        /** Where review quotes come from; default none. */
        public Builder reviews(ReviewSnippets value) { this.reviews = notNull(value, "reviews"); return this; }

        /** Drives the deadline, the circuit breaker's cool-down, the cache's expiry and HTTP-date {@code Retry-After}. */
        public Builder clock(Clock value) { this.clock = notNull(value, "clock"); return this; }

        /** The jitter source of the retry backoff. */
        public Builder random(RandomGenerator value) { this.random = notNull(value, "random"); return this; }

        /** How to wait between retries; default {@link Sleeper#threadSleep()}. */
        public Builder sleeper(Sleeper value) { this.sleeper = notNull(value, "sleeper"); return this; }

        /**
         * The JDK client to send with, to share its connections, executor, proxy or TLS settings; its own connect
         * timeout then applies instead of {@link #connectTimeout}. Default: a client of its own.
         */
        public Builder httpClient(HttpClient value) { this.httpClient = notNull(value, "httpClient"); return this; }

        public OpenAiMessageGenerator build() {
            if (apiKey == null) {
                throw new IllegalArgumentException("apiKey must be set");
            }
            return new OpenAiMessageGenerator(this);
        }
    }
}

package io.cartrecovery.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.openai.OpenAiException.Reason;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * One chat completion over HTTP within a deadline: bounded concurrency (a bounded wait for a slot), retries with
 * backoff and jitter honoring Retry-After, the circuit breaker before every attempt, and the checks on the
 * completion's envelope (refusal, truncation, shape). Returns the content.
 */
final class ChatClient {
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,6})?");
    private static final Pattern SAFE_TOKEN = Pattern.compile("[^A-Za-z0-9_.\\-]");

    private final HttpClient http;
    private final URI endpoint;
    private final String[] headers;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final RetryPolicy retryPolicy;
    private final Duration maxRetryAfter;
    private final Semaphore permits;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final Metrics metrics;
    private final ObjectMapper mapper;

    ChatClient(OpenAiMessageGenerator.Builder config, HttpClient http, Metrics metrics, ObjectMapper mapper) {
        this.http = http;
        this.endpoint = URI.create(config.baseUrl + "/v1/chat/completions");
        List<String> headers = new ArrayList<>(List.of("Accept", "application/json", "Content-Type",
                "application/json"));
        if (config.apiKeyHeader == null) {
            headers.addAll(List.of("Authorization", "Bearer " + config.apiKey));
        } else {
            headers.addAll(List.of(config.apiKeyHeader, config.apiKey));
        }
        if (config.organization != null) {
            headers.addAll(List.of("OpenAI-Organization", config.organization));
        }
        if (config.project != null) {
            headers.addAll(List.of("OpenAI-Project", config.project));
        }
        this.headers = headers.toArray(String[]::new);
        this.readTimeout = config.readTimeout;
        this.callTimeout = config.callTimeout;
        this.retryPolicy = config.retryPolicy;
        this.maxRetryAfter = config.maxRetryAfter;
        this.permits = new Semaphore(config.maxConcurrentRequests, true);
        this.breaker = new CircuitBreaker(config.circuitFailureThreshold, config.circuitCoolDown, config.clock);
        this.clock = config.clock;
        this.random = config.random;
        this.sleeper = config.sleeper;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    int queuedForSlot() {
        return permits.getQueueLength();
    }

    CircuitBreaker.State circuitState() {
        return breaker.state();
    }

    /**
     * Sends {@code body} and returns {@code choices[0].message.content}; usage is recorded for {@code storeId}. Gives
     * up with {@link Reason#DEADLINE} when {@code deadline} (on the injected clock) leaves no time for an attempt, a
     * request slot or a retry's wait, and with {@link Reason#CIRCUIT_OPEN} as soon as the circuit is open, before any
     * attempt, first or retry.
     */
    String complete(String storeId, byte[] body, Instant deadline) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(storeId, body, deadline);
            } catch (RetryableFailure failure) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw new OpenAiException(failure.error.reason(),
                            failure.error.getMessage() + " (gave up after " + attempt + " attempts)");
                }
                Duration wait = failure.retryAfter != null ? failure.retryAfter : backoff(attempt);
                if (wait.compareTo(maxRetryAfter) > 0) {
                    throw new OpenAiException(failure.error.reason(),
                            failure.error.getMessage() + " (server asked to wait " + wait + ", longer than allowed)");
                }
                if (!clock.instant().plus(wait).isBefore(deadline)) {
                    throw new OpenAiException(Reason.DEADLINE, failure.error.getMessage() + " (no time left for "
                            + "another attempt after " + attempt + ")");
                }
                if (breaker.rejectsNow()) {
                    throw new OpenAiException(Reason.CIRCUIT_OPEN, failure.error.getMessage() + " (circuit breaker "
                            + "open after " + attempt + " attempts; no retry sent)");
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OpenAiException(Reason.INTERRUPTED, "interrupted while waiting to retry");
                }
            }
        }
    }

    private Duration backoff(int failures) {
        synchronized (random) {
            return retryPolicy.backoff(failures, random);
        }
    }

    /** One attempt: a request slot within the deadline, the circuit breaker's consent, one bounded HTTP call. */
    private String sendOnce(String storeId, byte[] body, Instant deadline) throws RetryableFailure {
        if (breaker.rejectsNow()) { // fail fast instead of queueing for a slot while the circuit is open
            throw new OpenAiException(Reason.CIRCUIT_OPEN, "circuit breaker open; no request sent");
        }
        Duration remaining = remaining(deadline);
        try {
            if (remaining.isZero() || !permits.tryAcquire(remaining.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new OpenAiException(Reason.DEADLINE, "no request slot free before the deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(Reason.INTERRUPTED, "interrupted while waiting for a request slot");
        }
        try {
            Duration timeout = min(callTimeout, remaining(deadline));
            if (timeout.isZero()) {
                throw new OpenAiException(Reason.DEADLINE, "the deadline passed while waiting for a request slot");
            }
            if (!breaker.tryAcquire()) {
                throw new OpenAiException(Reason.CIRCUIT_OPEN, "circuit breaker open; no request sent");
            }
            boolean apiHealthy = false;
            boolean interrupted = false;
            try {
                String content = call(storeId, body, timeout, deadline);
                apiHealthy = true;
                return content;
            } catch (OpenAiException e) {
                apiHealthy = !e.reason().countsAgainstApi();
                interrupted = e.reason() == Reason.INTERRUPTED;
                throw e;
            } finally {
                if (interrupted) {
                    breaker.onAbandoned(); // says nothing about the API
                } else if (apiHealthy) {
                    breaker.onSuccess();
                } else {
                    breaker.onFailure();
                }
            }
        } finally {
            permits.release();
        }
    }

    /**
     * One request: the response headers must come within the read timeout, the whole exchange within
     * {@code timeout} (the call timeout, or less when the deadline is nearer).
     */
    private String call(String storeId, byte[] body, Duration timeout, Instant deadline) throws RetryableFailure {
        HttpRequest request = HttpRequest.newBuilder(endpoint).headers(headers).timeout(min(readTimeout, timeout))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        metrics.requests.increment();
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new OpenAiException(Reason.INTERRUPTED, "interrupted while waiting for the response");
        } catch (TimeoutException | ExecutionException e) {
            exchange.cancel(true);
            String what = e instanceof ExecutionException && e.getCause() != null
                    ? e.getCause().getClass().getSimpleName() : "call timeout";
            if (remaining(deadline).isZero()) {
                throw new OpenAiException(Reason.DEADLINE, "the deadline passed during a request (" + what + ")");
            }
            if (e instanceof ExecutionException && !(e.getCause() instanceof IOException)) {
                throw new OpenAiException(Reason.TRANSPORT, "request failed: " + what);
            }
            throw new RetryableFailure(new OpenAiException(Reason.TRANSPORT, "request failed: " + what), null);
        }
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return content(storeId, response.body());
        }
        OpenAiException error = new OpenAiException(Reason.HTTP_STATUS, "HTTP " + code + errorSummary(response.body()));
        if (code == 408 || code == 429 || code >= 500) {
            throw new RetryableFailure(error, retryAfter(response));
        }
        throw error;
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Parses a chat completion body, records its usage and returns the content of the first choice. */
    private String content(String storeId, String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OpenAiException(Reason.MALFORMED_RESPONSE, "response body is not JSON");
        }
        JsonNode usage = root.path("usage");
        if (usage.isObject()) {
            metrics.usage(storeId, usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new OpenAiException(Reason.MALFORMED_RESPONSE, "response has no choices[0].message");
        }
        if (message.path("refusal").isTextual()) {
            throw new OpenAiException(Reason.REFUSAL, "the model refused");
        }
        String finish = choice.path("finish_reason").asText("");
        if (finish.equals("length")) {
            throw new OpenAiException(Reason.TRUNCATED, "output hit the token limit (finish_reason length)");
        }
        if (finish.equals("content_filter")) {
            throw new OpenAiException(Reason.REFUSAL, "output stopped by the content filter");
        }
        JsonNode content = message.path("content");
        if (!content.isTextual()) {
            throw new OpenAiException(Reason.MALFORMED_RESPONSE, "choices[0].message.content is not a string");
        }
        return content.asText();
    }

    /** The error object's type and code, never its message (which may echo part of the key). */
    private String errorSummary(String text) {
        try {
            JsonNode error = mapper.readTree(text).path("error");
            if (!error.isObject()) {
                return "";
            }
            return " (type=" + token(error.path("type")) + ", code=" + token(error.path("code")) + ")";
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static String token(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return "none";
        }
        String value = SAFE_TOKEN.matcher(node.asText()).replaceAll("");
        return value.length() > 60 ? value.substring(0, 60) : value;
    }

    /** {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; {@code null} if absent. */
    private Duration retryAfter(HttpResponse<String> response) {
        String millis = response.headers().firstValue("retry-after-ms").orElse(null);
        if (millis != null && SECONDS.matcher(millis.trim()).matches()) {
            return Duration.ofMillis(Math.round(Double.parseDouble(millis.trim())));
        }
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        value = value.trim();
        if (SECONDS.matcher(value).matches()) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }
        try {
            Duration wait = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A failure worth another attempt, with the wait the server asked for, if any. */
    private static final class RetryableFailure extends Exception {
        final transient OpenAiException error;
        final transient Duration retryAfter;

        RetryableFailure(OpenAiException error, Duration retryAfter) {
            super(null, null, false, false);
            this.error = error;
            this.retryAfter = retryAfter;
        }
    }
}

package io.cartrecovery.examples.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** JSON in and out of {@link HttpExchange}s, and the one place that turns exceptions into answers. */
final class Exchanges {
    private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);

    /** How much of an oversized body is read and dropped before the 413, in multiples of the limit. */
    static final int DRAIN_FACTOR = 8;

    /**
     * Reads and writes every JSON body. Strict: a body is one JSON value with nothing after it, no object repeats a
     * key, and unknown properties are refused.
     */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** One request's work on its body (already read, empty if none); anything it throws becomes a JSON error. */
    @FunctionalInterface
    interface Work {
        void handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    private Exchanges() {}

    /**
     * Wraps {@code work}: reads the whole body first (at most {@code maxBodyBytes}, larger is 413), within the
     * request timeout of {@link RequestExecutor}; then what the work throws becomes an error body by
     * {@link ApiErrors} (bad input 400 naming the field, unknown 404, conflict 409), anything unexpected 500
     * without details. Request bodies and headers are never logged.
     */
    static HttpHandler guarded(int maxBodyBytes, Work work) {
        return exchange -> {
            try (exchange) {
                byte[] body = new byte[0];
                try {
                    body = body(exchange, maxBodyBytes);
                    RequestExecutor.requestRead();
                    work.handle(exchange, body);
                } catch (JsonProcessingException | RuntimeException e) {
                    ApiErrors.Answer answer = ApiErrors.answer(e, exchange.getRequestURI(),
                            exchange.getRequestHeaders(), body);
                    if (answer == null) {
                        LOG.error("{} {} failed: {}", exchange.getRequestMethod(),
                                exchange.getRequestURI().getPath(), e.getClass().getName());
                        answer = new ApiErrors.Answer(500, null, "internal error");
                    }
                    json(exchange, answer.status(), answer.body());
                }
                // any other IOException: the connection failed or timed out, there is no one to answer
            }
        };
    }

    /** {@code body} as one JSON value (strictly, see {@link #JSON}). */
    static JsonNode readTree(byte[] body) throws IOException {
        return JSON.readTree(body);
    }

    /** {@code body} as a {@code type} (strictly, see {@link #JSON}). */
    static <T> T read(byte[] body, Class<T> type) throws IOException {
        return JSON.readValue(body, type);
    }

    /**
     * The request body, at most {@code maxBytes}; larger is 413. The rest of a larger body is read and dropped
     * (up to {@value #DRAIN_FACTOR} times the limit, still within the request timeout): a client still sending
     * when the server closes would get a reset instead of the 413.
     */
    private static byte[] body(HttpExchange exchange, int maxBytes) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                byte[] buffer = new byte[8_192];
                long left = (long) maxBytes * DRAIN_FACTOR;
                for (int n = 0; left > 0 && n != -1; left -= n) {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                }
                throw new ApiException(413, "body", "must be at most " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
            throw notAllowed(exchange, method);
        }
    }

    /** 405 with the {@code Allow} header, e.g. {@code notAllowed(exchange, "GET", "PUT")}. */
    static ApiException notAllowed(HttpExchange exchange, String... allowed) {
        String list = String.join(", ", allowed);
        exchange.getResponseHeaders().set("Allow", list);
        return new ApiException(405, "method must be " + String.join(" or ", allowed));
    }

    /** The query parameters of the request, decoded; a repeated name keeps its last value. */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return params;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static void json(HttpExchange exchange, int status, Object value) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, status, bytes);
    }

    /**
     * Sends the response: {@code status} and {@code bytes} (none for {@code null}), which the client must read
     * within the request timeout (see {@link RequestExecutor#responding()}).
     */
    static void send(HttpExchange exchange, int status, byte[] bytes) {
        RequestExecutor.responding();
        try {
            exchange.sendResponseHeaders(status, bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.cartrecovery.examples.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** JSON in and out of {@link HttpExchange}s, and the one place that turns exceptions into status codes. */
final class Exchanges {
    private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
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
     * request timeout of {@link RequestExecutor}; then bad input is 400 (malformed JSON or a field the engine
     * refused), unknown is 404, a conflict 409, anything else 500 without details. Request bodies and headers are
     * never logged.
     */
    static HttpHandler guarded(int maxBodyBytes, Work work) {
        return exchange -> {
            try (exchange) {
                try {
                    byte[] body = body(exchange, maxBodyBytes);
                    RequestExecutor.requestRead();
                    work.handle(exchange, body);
                } catch (ApiException e) {
                    error(exchange, e.status(), e.getMessage());
                } catch (JsonProcessingException e) {
                    error(exchange, 400, jsonMessage(e));
                } catch (IllegalArgumentException e) {
                    error(exchange, 400, e.getMessage());
                } catch (NotFoundException e) {
                    error(exchange, 404, "not found");
                } catch (ConflictException e) {
                    error(exchange, 409, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            e.getClass().getName());
                    error(exchange, 500, "internal error");
                }
            }
        };
    }

    /** The request body, at most {@code maxBytes}; larger is 413. */
    private static byte[] body(HttpExchange exchange, int maxBytes) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ApiException(413, "body must be at most " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new ApiException(405, "method must be " + method);
        }
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
        try {
            byte[] bytes = JSON.writeValueAsBytes(value);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void error(HttpExchange exchange, int status, String message) {
        json(exchange, status, Map.of("error", message == null ? "error" : message));
    }

    /** Jackson's message without the echo of the input, with the path of the offending field when known. */
    private static String jsonMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int detail = message.indexOf('\n');
        message = detail < 0 ? message : message.substring(0, detail);
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                path.append(ref.getFieldName() != null ? (path.isEmpty() ? "" : ".") + ref.getFieldName()
                        : "[" + ref.getIndex() + "]");
            }
            return "invalid field " + path + ": " + message;
        }
        return "malformed JSON: " + message;
    }
}

package io.cartrecovery.examples.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.NotFoundException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a request threw into its error body: {@code {"error": CODE, "field": NAME, "message": TEXT}}, small,
 * naming the offending field, and holding nothing internal (no type names, no Jackson messages) and nothing the
 * client sent (a message that would repeat a submitted value, an email address or a type name is replaced by a
 * generic one).
 */
final class ApiErrors {
    /** A field path as the service names fields: {@code line_items[0].price}, {@code X-Shopify-Topic}. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}(\\[\\d{1,6}])?"
            + "(\\.[A-Za-z][A-Za-z0-9_-]{0,63}(\\[\\d{1,6}])?){0,7}");
    /** "FIELD must ...", "FIELD is ...": the engine's and this service's way of refusing a value. */
    private static final Pattern REFUSAL = Pattern.compile("(" + FIELD.pattern() + ") ((?:must|is|has|are) .+)");
    private static final List<String> INTERNAL = List.of("java.", "javax.", "com.", "io.cartrecovery", "Exception",
            "Error", "@", "\n", "\r", "\t");
    private static final int MAX_MESSAGE = 160;
    private static final int MIN_ECHO = 3;
    private static final String WORD_BREAKS = "[\\s\"{}\\[\\],:]+";
    /** Reads a body only to learn its values: no strictness needed. */
    private static final ObjectMapper LENIENT = new ObjectMapper();

    /** An answer: status, and the body's field (or {@code null}) and message. */
    record Answer(int status, String field, String message) {
        Map<String, String> body() {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", code(status));
            if (field != null) {
                body.put("field", field);
            }
            body.put("message", message);
            return body;
        }
    }

    private ApiErrors() {}

    /**
     * The answer to {@code e} thrown for the request to {@code uri} with {@code headers} and {@code body};
     * {@code null} for an unexpected failure (a 500 the caller logs).
     */
    static Answer answer(Exception e, URI uri, Map<String, List<String>> headers, byte[] body) {
        Answer raw = classify(e);
        return raw == null ? null : sanitized(raw, submitted(uri, headers, body));
    }

    private static Answer classify(Exception e) {
        if (e instanceof ApiException api) {
            return new Answer(api.status(), api.field(), api.getMessage());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException iae) {
            return refusal(iae.getMessage());
        }
        if (e instanceof JsonProcessingException json) {
            return json(json);
        }
        if (e instanceof IllegalArgumentException iae) {
            return refusal(iae.getMessage());
        }
        if (e instanceof NotFoundException) {
            return new Answer(404, null, "not found");
        }
        if (e instanceof ConflictException) {
            return new Answer(409, null, "conflicts with the sequence's current state");
        }
        return null;
    }

    /** A refusal message of the engine or the payload mapping, split into its field and the rest. */
    private static Answer refusal(String message) {
        if (message == null) {
            return new Answer(400, null, "request is not valid");
        }
        Matcher m = REFUSAL.matcher(message);
        return m.matches() ? new Answer(400, m.group(1), m.group(m.groupCount())) : new Answer(400, null, message);
    }

    /** Jackson's exceptions, by kind; their messages quote the input and name types, so none is passed on. */
    private static Answer json(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            if (e instanceof UnrecognizedPropertyException) {
                return new Answer(400, field, "is not a known field");
            }
            return new Answer(400, field, e instanceof MismatchedInputException ? "has the wrong type or format"
                    : "is not valid");
        }
        if (e instanceof StreamConstraintsException) {
            return new Answer(400, "body", "exceeds the JSON limits (nesting depth, number or text length)");
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return new Answer(400, "body", "must be one JSON value with nothing after it");
        }
        if (message.startsWith("Duplicate")) {
            return new Answer(400, currentName(e), "must not appear twice");
        }
        if (e instanceof MismatchedInputException) {
            return new Answer(400, "body", "must be a JSON object of the documented fields");
        }
        String at = currentName(e);
        return new Answer(400, at == null ? "body" : at, "is not well-formed JSON");
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String currentName(JsonProcessingException e) {
        try {
            return e.getProcessor() instanceof JsonParser parser ? parser.currentName() : null;
        } catch (RuntimeException | IOException unknown) {
            return null;
        }
    }

    /**
     * {@code raw} with a field only if it is a plain name (a name of the request's shape, such as a JSON key; never
     * a value), and a message that repeats nothing sent.
     */
    private static Answer sanitized(Answer raw, List<String> submitted) {
        String field = raw.field() != null && FIELD.matcher(raw.field()).matches() ? raw.field() : null;
        String message = raw.message();
        boolean safe = message != null && !message.isBlank() && message.length() <= MAX_MESSAGE
                && INTERNAL.stream().noneMatch(message::contains) && !echoes(message, submitted);
        return new Answer(raw.status(), field, safe ? message
                : field != null ? "is not valid" : "request is not valid");
    }

    private static boolean echoes(String text, List<String> submitted) {
        for (String value : submitted) {
            if (text.contains(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the client sent that an answer must not repeat: the path's segments, the query's values, the header
     * values, and the body's values (for a JSON body) or its words; pieces shorter than three characters are too
     * common to count.
     */
    private static List<String> submitted(URI uri, Map<String, List<String>> headers, byte[] body) {
        List<String> values = new ArrayList<>();
        for (String segment : uri.getRawPath().split("/")) {
            add(values, segment);
            add(values, decodeQuietly(segment));
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String value = pair.substring(pair.indexOf('=') + 1);
                add(values, value);
                add(values, decodeQuietly(value));
            }
        }
        headers.values().forEach(list -> list.forEach(v -> add(values, v)));
        if (body.length > 0) {
            try {
                leaves(LENIENT.readTree(body), values); // the values only: keys name fields, which may be named
            } catch (IOException | RuntimeException notJson) {
                for (String word : new String(body, StandardCharsets.UTF_8).split(WORD_BREAKS)) {
                    add(values, word);
                }
            }
        }
        return values;
    }

    private static void leaves(JsonNode node, List<String> values) {
        if (node == null) {
            return;
        }
        if (node.isContainerNode()) {
            node.forEach(child -> leaves(child, values));
        } else {
            add(values, node.asText());
        }
    }

    private static void add(List<String> values, String value) {
        if (value != null && value.length() >= MIN_ECHO) {
            values.add(value);
        }
    }

    private static String decodeQuietly(String raw) {
        try {
            return Exchanges.decode(raw);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}

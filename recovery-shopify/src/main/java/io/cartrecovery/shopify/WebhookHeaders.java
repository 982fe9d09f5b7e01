package io.cartrecovery.shopify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers of one delivery, looked up by name in any case (HTTP/2 lowercases them). Build it from what the
 * HTTP stack gives: {@link #of(Map)} for single values (Spring's {@code @RequestHeader Map<String, String>}),
 * {@link #ofLists(Map)} for lists (the JDK server's {@code Headers}, JAX-RS's {@code MultivaluedMap}). The first
 * value of a repeated header counts. {@link #toString()} lists the names only: the signature is not printed.
 */
public final class WebhookHeaders {
    private final Map<String, String> values;

    private WebhookHeaders(Map<String, String> values) {
        this.values = values;
    }

    /** From single values by name. */
    public static WebhookHeaders of(Map<String, String> headers) {
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                values.putIfAbsent(name, value);
            }
        });
        return new WebhookHeaders(values);
    }

    /** From lists of values by name; the first value of each counts. */
    public static WebhookHeaders ofLists(Map<String, ? extends List<String>> headers) {
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, list) -> {
            if (name != null && list != null && !list.isEmpty() && list.get(0) != null) {
                values.putIfAbsent(name, list.get(0));
            }
        });
        return new WebhookHeaders(values);
    }

    /** The header's value, trimmed, or {@code null} when it is absent or blank. */
    public String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "WebhookHeaders" + values.keySet();
    }
}

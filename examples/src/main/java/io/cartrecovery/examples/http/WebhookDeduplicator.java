package io.cartrecovery.examples.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last {@code capacity} webhook ids, so a redelivered webhook ({@code X-Shopify-Webhook-Id} seen
 * before) is acknowledged without being processed again. Memory is bounded: the oldest ids are forgotten first.
 * A plain synchronized LRU map is enough here; a host with several nodes keeps the ids in its database instead.
 */
final class WebhookDeduplicator {
    private final Map<String, Boolean> seen;

    WebhookDeduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1_024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Claims {@code id}: {@code true} the first time, {@code false} while it is remembered. */
    synchronized boolean claim(String id) {
        return seen.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** Forgets {@code id}, so that a delivery that failed can be processed when the shop retries it. */
    synchronized void release(String id) {
        seen.remove(id);
    }

    synchronized int size() {
        return seen.size();
    }
}

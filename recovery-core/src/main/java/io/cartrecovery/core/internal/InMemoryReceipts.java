package io.cartrecovery.core.internal;

import io.cartrecovery.core.spi.WebhookReceipts;
import io.cartrecovery.core.spi.WebhookReceipts.Claim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap store's webhook receipts: one entry per store and key, changed only inside the map's atomic
 * {@code compute}, so exactly one concurrent claim of a key wins.
 */
final class InMemoryReceipts {
    /** {@code heldUntil} is {@code null} once the receipt is completed. */
    private record Receipt(Instant heldUntil, Instant touchedAt) {}

    private final Map<List<String>, Receipt> receipts = new ConcurrentHashMap<>();

    Claim claim(String storeId, String key, Instant now, Instant holdUntil) {
        WebhookReceipts.checkKey(key);
        requireTimes(now, holdUntil);
        Claim[] outcome = new Claim[1];
        receipts.compute(List.of(storeId, key), (k, current) -> {
            if (current == null || (current.heldUntil() != null && !current.heldUntil().isAfter(now))) {
                outcome[0] = Claim.CLAIMED;
                return new Receipt(holdUntil.truncatedTo(ChronoUnit.MICROS), now);
            }
            outcome[0] = current.heldUntil() == null ? Claim.DONE : Claim.HELD;
            return current;
        });
        return outcome[0];
    }

    void complete(String storeId, String key, Instant at) {
        WebhookReceipts.checkKey(key);
        requireTimes(at, at);
        receipts.put(List.of(storeId, key), new Receipt(null, at));
    }

    void release(String storeId, String key, Instant holdUntil) {
        WebhookReceipts.checkKey(key);
        requireTimes(holdUntil, holdUntil);
        receipts.computeIfPresent(List.of(storeId, key),
                (k, current) -> holdUntil.truncatedTo(ChronoUnit.MICROS).equals(current.heldUntil()) ? null : current);
    }

    int purge(Instant before, int limit) {
        if (before == null || limit < 1) {
            throw new IllegalArgumentException(before == null ? "before must not be null" : "limit must be positive");
        }
        int deleted = 0;
        for (Iterator<Map.Entry<List<String>, Receipt>> it = receipts.entrySet().iterator();
             it.hasNext() && deleted < limit; ) {
            if (it.next().getValue().touchedAt().isBefore(before)) {
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }

    /** Removes every receipt of the store (the store was erased). */
    void forget(String storeId) {
        receipts.keySet().removeIf(key -> key.get(0).equals(storeId));
    }

    private static void requireTimes(Instant now, Instant holdUntil) {
        if (now == null || holdUntil == null) {
            throw new IllegalArgumentException((now == null ? "now" : "holdUntil") + " must not be null");
        }
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.StoreSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Store settings read in the last {@code ttl}: every step reads them, they rarely change. A save on this node
 * replaces the entry at once; a save on another node is seen within {@code ttl}. A zero ttl caches nothing.
 */
final class SettingsCache {
    private record Entry(StoreSettings settings, Instant until) {}

    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    SettingsCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    Optional<StoreSettings> get(String storeId, Supplier<Optional<StoreSettings>> load) {
        if (ttl.isZero()) {
            return load.get();
        }
        Instant now = clock.instant();
        Entry entry = entries.get(storeId);
        if (entry != null && now.isBefore(entry.until())) {
            return Optional.of(entry.settings());
        }
        Optional<StoreSettings> loaded = load.get();
        loaded.ifPresent(settings -> entries.put(storeId, new Entry(settings, now.plus(ttl))));
        return loaded;
    }

    void saved(StoreSettings settings) {
        if (!ttl.isZero()) {
            entries.put(settings.storeId(), new Entry(settings, clock.instant().plus(ttl)));
        }
    }

    /** Drops the store's entry (its settings were erased). */
    void forget(String storeId) {
        entries.remove(storeId);
    }
}

package io.cartrecovery.micrometer;

import io.cartrecovery.core.EngineHealth;
import io.cartrecovery.core.RecoveryEngine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/** The engine's health, read at most once per {@code ttl}, so that a scrape of every gauge costs one store read. */
final class HealthCache {
    private final Clock clock;
    private final Duration ttl;
    private volatile RecoveryEngine engine;
    private EngineHealth cached;
    private Instant readAt;

    HealthCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    void source(RecoveryEngine value) {
        this.engine = value;
    }

    /** {@code field} of the current health, or NaN before an engine is monitored or when its health fails. */
    double read(ToDoubleFunction<EngineHealth> field) {
        EngineHealth health = current();
        return health == null ? Double.NaN : field.applyAsDouble(health);
    }

    private synchronized EngineHealth current() {
        RecoveryEngine source = engine;
        if (source == null) {
            return null;
        }
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(readAt.plus(ttl))) {
            try {
                cached = source.health();
            } catch (RuntimeException e) {
                cached = null; // the store is unreachable: the gauges show no value rather than a stale one
            }
            readAt = now;
        }
        return cached;
    }
}

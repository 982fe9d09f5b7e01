package io.cartrecovery.spring;

import io.cartrecovery.core.EngineHealth;
import io.cartrecovery.core.RecoveryEngine;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;

/**
 * {@code cartRecovery} in the actuator's health: UP while the scheduler runs and the oldest due work waited no
 * longer than {@code cartrecovery.health-lag-threshold}, with {@link EngineHealth}'s fields as details.
 */
final class CartRecoveryHealthIndicator extends AbstractHealthIndicator {
    private final RecoveryEngine engine;
    private final Duration lagThreshold;

    CartRecoveryHealthIndicator(RecoveryEngine engine, Duration lagThreshold) {
        super("Cart recovery health check failed");
        this.engine = engine;
        this.lagThreshold = lagThreshold;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        EngineHealth health = engine.health();
        boolean up = health.running() && health.lag().compareTo(lagThreshold) <= 0;
        (up ? builder.up() : builder.down())
                .withDetail("running", health.running())
                .withDetail("lastPoll", String.valueOf(health.lastPoll()))
                .withDetail("inFlight", health.inFlight())
                .withDetail("oldestDueAt", String.valueOf(health.oldestDueAt()))
                .withDetail("lag", health.lag().toString())
                .withDetail("lagThreshold", lagThreshold.toString());
    }
}

/**
 * Spring Boot auto-configuration of the recovery engine from {@code cartrecovery.*} properties
 * ({@link io.cartrecovery.spring.CartRecoveryProperties}): the JDBC store and scheduler on the application's
 * {@code DataSource}, built after database initialization and closed before it, the SMTP sender, the OpenAI generator
 * and signed links when configured, the health indicator and meters when the actuator or a {@code MeterRegistry} is
 * present. Every bean backs off for the application's own; {@link io.cartrecovery.spring.RecoveryEngineCustomizer}
 * adjusts the engine's builder last.
 */
package io.cartrecovery.spring;

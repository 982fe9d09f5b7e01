/**
 * A durable store and a multi-node scheduler on H2 and PostgreSQL over plain JDBC.
 * {@link io.cartrecovery.jdbc.JdbcRecoveryStore} keeps everything the engine needs behind a {@code DataSource} the
 * host provides and pools, migrates its own schema ({@code JdbcSchema}, Flyway-compatible scripts) and can join the
 * host's transaction; {@code JdbcScheduler}, the store's default scheduler, keeps due times in the database so that
 * several nodes share the work and a restarted node picks up what is left.
 */
package io.cartrecovery.jdbc;

/**
 * Micrometer meters for the recovery engine: {@link io.cartrecovery.micrometer.RecoveryMetrics}, a
 * {@code RecoveryListener} that counts step outcomes, sequences and fallbacks and times message writing and
 * sending, and binds gauges of lag, steps in flight and the scheduler's state read from {@code engine.health()};
 * {@link io.cartrecovery.micrometer.OpenAiMetrics} binds the OpenAI generator's counters, tokens and circuit state.
 * The store id is a tag only when the host asks for it.
 */
package io.cartrecovery.micrometer;

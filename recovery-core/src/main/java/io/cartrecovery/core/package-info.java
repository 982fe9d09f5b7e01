/**
 * The engine and its ports. {@link io.cartrecovery.core.RecoveryEngine#builder()} builds the thread-safe entry
 * point that takes store events (cart updates, abandonments, orders, opt-outs) and runs timed recovery sequences;
 * the host plugs in a {@link io.cartrecovery.core.RecoveryStore} (in memory here, durable in {@code recovery-jdbc}),
 * a {@link io.cartrecovery.core.Sender} per channel, and optionally a {@link io.cartrecovery.core.MessageGenerator}
 * and a {@link io.cartrecovery.core.Scheduler}. The package also holds the domain model (carts, customers, orders,
 * sequences, events, store settings) and the library's exceptions, which all extend
 * {@link io.cartrecovery.core.RecoveryException}. Every call is scoped by store id.
 */
package io.cartrecovery.core;

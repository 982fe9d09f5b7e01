/**
 * The roles a {@link io.cartrecovery.core.RecoveryStore} plays, one small interface each, for authors of stores
 * and for the engine's collaborators, which each depend on the role they use: settings, carts and customers,
 * sequences, due timers, batches, the event log, popups, the suppression list, the receipts of inbound
 * webhooks and privacy (erasure, export, retention). A store implements them all through {@code RecoveryStore},
 * which adds the defaults that need several roles at once.
 */
package io.cartrecovery.core.spi;

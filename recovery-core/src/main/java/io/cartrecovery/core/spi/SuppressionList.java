package io.cartrecovery.core.spi;

import io.cartrecovery.core.SuppressionKey;

import java.time.Instant;

/** Who must not get messages: opted-out customers and suppressed addresses, per store. */
public interface SuppressionList {

    /**
     * Adds {@code key} to the store's suppression list; adding it again changes nothing.
     *
     * @return whether this call added it (of concurrent calls, exactly one does)
     */
    boolean suppress(String storeId, SuppressionKey key, String reason, Instant at);

    boolean isSuppressed(String storeId, SuppressionKey key);
}

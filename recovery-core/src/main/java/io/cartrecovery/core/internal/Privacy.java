package io.cartrecovery.core.internal;

import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.NotFoundException;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The engine's data-protection calls: erasure of a customer or a store, the data export, the retention purge. */
final class Privacy {
    private static final Logger LOG = LoggerFactory.getLogger(Privacy.class);
    /** A customer has at most one active sequence; a few more rounds cover starts that race the erasure. */
    private static final int MAX_STOP_ROUNDS = 10;

    private final RecoveryStore store;
    private final SequenceWriter writer;
    private final Clock clock;

    Privacy(RecoveryStore store, SequenceWriter writer, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    /** Stops the customer's active sequence as {@code ERASED} (its listeners hear it), then erases. */
    void eraseCustomer(String storeId, String customerId) {
        Arguments.id(storeId, "storeId");
        Arguments.id(customerId, "customerId");
        for (int round = 0; round < MAX_STOP_ROUNDS; round++) {
            Optional<RecoverySequence> active = store.activeSequenceOfCustomer(storeId, customerId);
            if (active.isEmpty()) {
                break;
            }
            writer.stopIfActive(active.get(), StopReason.ERASED, clock.instant());
        }
        boolean found = store.eraseCustomer(storeId, customerId, clock.instant());
        LOG.info("erased a customer of store {}: {}", storeId, found ? "data found and erased" : "nothing held");
    }

    void eraseStore(String storeId) {
        Arguments.id(storeId, "storeId");
        store.eraseStore(storeId);
        LOG.info("erased store {}", storeId);
    }

    CustomerExport exportCustomer(String storeId, String customerId) {
        Arguments.id(storeId, "storeId");
        Arguments.id(customerId, "customerId");
        return store.exportCustomer(storeId, customerId);
    }

    int purgeExpired(String storeId, int limit) {
        Arguments.id(storeId, "storeId");
        if (limit < 1 || limit > Limits.MAX_PURGE_BATCH) {
            throw new IllegalArgumentException("limit must be from 1 to " + Limits.MAX_PURGE_BATCH);
        }
        StoreSettings settings = store.settings(storeId).orElseThrow(() -> new NotFoundException("store", storeId));
        Instant now = clock.instant();
        // A purchase within the attribution window after the last message still recovers: its sequence stays.
        Duration kept = settings.retention().compareTo(settings.attributionWindow()) >= 0 ? settings.retention()
                : settings.attributionWindow();
        int purged = store.purgeExpired(storeId, now.minus(kept), now, limit);
        if (purged > 0) {
            LOG.debug("purged {} expired records of store {}", purged, storeId);
        }
        return purged;
    }
}

package io.cartrecovery.core.spi;

import io.cartrecovery.core.BatchState;
import io.cartrecovery.core.BatchWrite;
import io.cartrecovery.core.EventType;

import java.util.Collection;
import java.util.Set;

/** Reads and writes of whole batches of store events, in a number of round trips that does not grow with them. */
public interface BatchStore {

    /**
     * What a batch of store events of one store needs, at once: the carts with their sequences, and the customers
     * with their active sequences and opt-outs.
     */
    BatchState readBatch(String storeId, Collection<String> cartIds, Collection<String> customerIds);

    /**
     * Writes a batch atomically: all of it, or, when another writer interfered (a compare-and-set finds another
     * version, a new sequence's id exists or its customer got an active sequence meanwhile), nothing.
     *
     * @return {@code false}, having written nothing, when another writer interfered
     */
    boolean writeBatch(BatchWrite write);

    /** The ids among {@code sequenceIds} of the sequences that have an event of {@code type}. */
    Set<String> sequencesWithEvent(String storeId, Collection<String> sequenceIds, EventType type);
}

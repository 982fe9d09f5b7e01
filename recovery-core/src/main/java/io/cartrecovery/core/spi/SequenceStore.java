package io.cartrecovery.core.spi;

import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;

import java.util.List;
import java.util.Optional;

/**
 * The sequences. They are written only through {@link #insert}, {@link #compareAndSet} and {@link #claim}, which
 * append their events in the same atomic step, so that the event log always agrees with the state.
 */
public interface SequenceStore {

    /**
     * Stores a new sequence (version 1) and its events atomically.
     *
     * @throws io.cartrecovery.core.ConflictException if the id exists or the customer already has an active
     *                                                sequence in the store; then nothing is stored
     */
    void insert(RecoverySequence sequence, List<RecoveryEvent> events);

    /**
     * Replaces {@code current} by {@code next} if the stored version is still {@code current.version()}, and
     * appends {@code events} in the same atomic step.
     *
     * @return {@code false}, changing nothing, when another writer got there first
     */
    boolean compareAndSet(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events);

    /**
     * Claims a step: {@code claimed} (from {@link RecoverySequence#claim}) replaces {@code current} if the stored
     * version is still {@code current.version()}. A claim writes no events and is a lease: a store may commit it
     * more cheaply than other writes (a crash that undoes it only lets the step run again with the same
     * idempotency key). The default is {@link #compareAndSet} without events.
     *
     * @return {@code false}, changing nothing, when another writer got there first
     * @throws IllegalArgumentException when {@code claimed} is not an active sequence with its step in flight
     */
    default boolean claim(RecoverySequence current, RecoverySequence claimed) {
        requireClaim(claimed);
        return compareAndSet(current, claimed, List.of());
    }

    /** Checks that {@code claimed} is a claim: active, its step in flight (for implementations of {@link #claim}). */
    static void requireClaim(RecoverySequence claimed) {
        if (claimed == null || !claimed.isActive() || !claimed.isInFlight()) {
            throw new IllegalArgumentException("claimed must be an active sequence with its step in flight");
        }
    }

    Optional<RecoverySequence> sequence(String storeId, String sequenceId);

    /** Every sequence the cart ever had, oldest first. */
    List<RecoverySequence> sequencesOfCart(String storeId, String cartId);

    /** The customer's active sequence, if any (there is at most one). */
    Optional<RecoverySequence> activeSequenceOfCustomer(String storeId, String customerId);

    /** Active sequences of one store ordered by id, a page at a time. */
    Page<RecoverySequence> activeSequences(String storeId, PageRequest page);
}

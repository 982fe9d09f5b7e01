package io.cartrecovery.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch of store events needs to know of one store, read at once by {@link RecoveryStore#readBatch}.
 * Only the carts and customers asked for appear.
 *
 * @param carts            the stored carts, by cart id
 * @param watchedCarts     ids of those carts that have an abandonment due time
 * @param customers        the stored customers, by customer id
 * @param sequencesOfCarts every sequence of each cart, oldest first, by cart id (a cart without any is absent)
 * @param activeSequences  the active sequence of each customer that has one, by customer id
 * @param optedOut         ids of the customers on the suppression list ({@link SuppressionKey#customer})
 */
public record BatchState(Map<String, Cart> carts, Set<String> watchedCarts, Map<String, Customer> customers,
                         Map<String, List<RecoverySequence>> sequencesOfCarts,
                         Map<String, RecoverySequence> activeSequences, Set<String> optedOut) {

    public BatchState {
        carts = Map.copyOf(Checks.notNull(carts, "carts"));
        watchedCarts = Set.copyOf(Checks.notNull(watchedCarts, "watchedCarts"));
        customers = Map.copyOf(Checks.notNull(customers, "customers"));
        sequencesOfCarts = Map.copyOf(Checks.notNull(sequencesOfCarts, "sequencesOfCarts"));
        activeSequences = Map.copyOf(Checks.notNull(activeSequences, "activeSequences"));
        optedOut = Set.copyOf(Checks.notNull(optedOut, "optedOut"));
    }

    /** The sequences of {@code cartId}, oldest first; empty when it has none. */
    public List<RecoverySequence> sequencesOf(String cartId) {
        return sequencesOfCarts.getOrDefault(cartId, List.of());
    }
}

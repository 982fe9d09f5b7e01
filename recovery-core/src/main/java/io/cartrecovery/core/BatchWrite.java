package io.cartrecovery.core;

import java.util.List;

/**
 * The writes of a batch of store events in one store, applied at once by {@link RecoveryStore#writeBatch}, in
 * this order: customers and carts saved, sequences changed by compare-and-set, new sequences inserted, events
 * appended.
 *
 * @param storeId   the store every item belongs to
 * @param customers customer snapshots to save
 * @param carts     cart snapshots to save, none of them watched for abandonment
 * @param changes   compare-and-sets of existing sequences, each with its events
 * @param starts    new sequences (version 1), each with its events
 * @param appended  events that change no sequence
 */
public record BatchWrite(String storeId, List<Customer> customers, List<Cart> carts, List<Change> changes,
                         List<Start> starts, List<RecoveryEvent> appended) {

    public BatchWrite {
        Checks.id(storeId, "storeId");
        customers = List.copyOf(Checks.notNull(customers, "customers"));
        carts = List.copyOf(Checks.notNull(carts, "carts"));
        changes = List.copyOf(Checks.notNull(changes, "changes"));
        starts = List.copyOf(Checks.notNull(starts, "starts"));
        appended = List.copyOf(Checks.notNull(appended, "appended"));
        for (Customer customer : customers) {
            requireStore(storeId, customer.storeId(), "customers");
        }
        for (Cart cart : carts) {
            requireStore(storeId, cart.storeId(), "carts");
        }
        for (Change change : changes) {
            requireStore(storeId, change.current().storeId(), "changes");
            change.events().forEach(event -> requireStore(storeId, event.storeId(), "changes.events"));
        }
        for (Start start : starts) {
            requireStore(storeId, start.sequence().storeId(), "starts");
            start.events().forEach(event -> requireStore(storeId, event.storeId(), "starts.events"));
        }
        appended.forEach(event -> requireStore(storeId, event.storeId(), "appended"));
    }

    /** Whether there is nothing to write. */
    public boolean isEmpty() {
        return customers.isEmpty() && carts.isEmpty() && changes.isEmpty() && starts.isEmpty() && appended.isEmpty();
    }

    private static void requireStore(String storeId, String itemStoreId, String field) {
        if (!storeId.equals(itemStoreId)) {
            throw new IllegalArgumentException(field + " must all belong to store " + storeId);
        }
    }

    /** Replaces {@code current} by {@code next} if the stored version is still current's, appending {@code events}. */
    public record Change(RecoverySequence current, RecoverySequence next, List<RecoveryEvent> events) {
        public Change {
            Checks.notNull(current, "current");
            Checks.notNull(next, "next");
            if (!current.id().equals(next.id()) || !current.storeId().equals(next.storeId())) {
                throw new IllegalArgumentException("next must be the same sequence as current");
            }
            if (next.isActive() && !current.isActive()) {
                throw new IllegalArgumentException("a terminal sequence cannot become active again");
            }
            events = List.copyOf(Checks.notNull(events, "events"));
        }
    }

    /** A new sequence (version 1) and its events. */
    public record Start(RecoverySequence sequence, List<RecoveryEvent> events) {
        public Start {
            Checks.notNull(sequence, "sequence");
            if (sequence.version() != 1) {
                throw new IllegalArgumentException("a new sequence must have version 1");
            }
            events = List.copyOf(Checks.notNull(events, "events"));
        }
    }
}

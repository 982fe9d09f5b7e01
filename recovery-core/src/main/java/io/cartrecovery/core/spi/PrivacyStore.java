package io.cartrecovery.core.spi;

import io.cartrecovery.core.CustomerExport;

import java.time.Instant;

/**
 * What data-protection duties need of a store: erasing one customer or a whole store, exporting what is held
 * about a customer, and purging what outlived the retention period. Each erasure is one atomic step.
 */
public interface PrivacyStore {

    /** Reason recorded with the suppression of an erased customer's address. */
    String ERASED = "ERASED";

    /**
     * Removes or irreversibly anonymises every personal datum of the customer in the store, atomically: the
     * customer record, their carts, their sequences (whatever their status) and the popups waiting for them are
     * deleted; their events stay for the analytics, but without customer id, cart id and any detail other than a
     * started sequence's type or a stop reason. The address of the customer record is suppressed (as the digest
     * {@link io.cartrecovery.core.SuppressionKey} keeps), with reason {@value #ERASED}, so that it is never emailed
     * again. An unknown customer changes nothing.
     *
     * @param at when the suppression is recorded
     * @return whether anything of the customer was found
     */
    boolean eraseCustomer(String storeId, String customerId, Instant at);

    /** Removes every record of the store, its settings and suppression list included; no other store's. */
    void eraseStore(String storeId);

    /** Everything the store holds about the customer; an empty export for an unknown one. */
    CustomerExport exportCustomer(String storeId, String customerId);

    /**
     * Deletes what the store no longer needs to keep, at most {@code limit} of each kind: terminal sequences with
     * no event at or after {@code cutoff} (oldest first) together with their events and popups, events of no
     * sequence before {@code cutoff}, carts last active before {@code cutoff} that are not watched and have no
     * active sequence, and popups expired before {@code now}. A host repeats the call until it returns zero.
     *
     * @return how many records (sequences, events, carts, popups) were deleted
     */
    int purgeExpired(String storeId, Instant cutoff, Instant now, int limit);
}

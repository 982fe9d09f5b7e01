package io.cartrecovery.core.spi;

import java.time.Instant;

/**
 * The store's record of inbound webhooks already handled, so that a redelivery changes nothing, across restarts
 * and nodes. A delivery first {@linkplain #claimReceipt claims} its key; exactly one concurrent claimant wins,
 * whatever the concurrency (the store decides, by its unique key). The winner then
 * {@linkplain #completeReceipt completes} the receipt after its work succeeded, or
 * {@linkplain #releaseReceipt releases} it when the work failed, so that the sender's retry gets through. A
 * claim whose holder died is taken over once its hold has passed. Receipts are purged in bounded batches by
 * {@link #purgeReceipts}.
 */
public interface WebhookReceipts {

    /** Longest key of a receipt. */
    int MAX_RECEIPT_KEY_LENGTH = 200;

    /** What a claim found. */
    enum Claim {
        /** The caller holds the key now: no receipt existed, or the previous holder's hold had passed. */
        CLAIMED,
        /** The key was completed before: a redelivery. */
        DONE,
        /** Another delivery holds the key and its hold has not passed. */
        HELD
    }

    /**
     * Claims {@code key} of {@code storeId} until {@code holdUntil}: inserted when absent, taken over when the
     * receipt is not completed and its hold ended at or before {@code now}.
     *
     * @param key at most {@value #MAX_RECEIPT_KEY_LENGTH} characters
     */
    Claim claimReceipt(String storeId, String key, Instant now, Instant holdUntil);

    /** Marks the receipt completed at {@code at}: every later claim of the key answers {@link Claim#DONE}. */
    void completeReceipt(String storeId, String key, Instant at);

    /** Removes a receipt that is not completed, so that the next claim of the key wins at once. */
    void releaseReceipt(String storeId, String key);

    /**
     * Deletes at most {@code limit} receipts, of any store, last claimed or completed before {@code before}.
     *
     * @return how many were deleted; fewer than {@code limit} means none is left before {@code before}
     */
    int purgeReceipts(Instant before, int limit);

    /** Checks a key and a limit as every implementation must. */
    static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_RECEIPT_KEY_LENGTH) {
            throw new IllegalArgumentException("key must be 1 to " + MAX_RECEIPT_KEY_LENGTH + " characters");
        }
    }
}

package io.cartrecovery.jdbc;

/**
 * The part of {@link SqlDialect} for the webhook receipts ({@link JdbcReceipts}) and inserts that skip a
 * duplicate key: statements the three dialects share.
 */
abstract class ReceiptSql extends PrivacySql {
    /** {@code insert}, made to skip a duplicate key silently where the dialect can; elsewhere a unique violation. */
    String ignoringDuplicates(String insert) {
        return insert;
    }

    /** Parameters: store, key, held until, touched at; skips an existing key where the dialect can. */
    String insertReceipt() {
        return ignoringDuplicates("INSERT INTO cr_webhook_receipt (store_id, receipt_key, held_until, touched_at)"
                + " VALUES (?, ?, ?, ?)");
    }

    /** Parameters: new hold, now, store, key, now. Takes over a claim whose hold has passed. */
    String takeOverReceipt() {
        return "UPDATE cr_webhook_receipt SET held_until = ?, touched_at = ?"
                + " WHERE store_id = ? AND receipt_key = ? AND held_until IS NOT NULL AND held_until <= ?";
    }

    /** Parameters: store, key. The receipt's hold ({@code NULL} once completed). */
    String selectReceipt() {
        return "SELECT held_until FROM cr_webhook_receipt WHERE store_id = ? AND receipt_key = ?";
    }

    /** Parameters: at, store, key. */
    String completeReceipt() {
        return "UPDATE cr_webhook_receipt SET held_until = NULL, touched_at = ? WHERE store_id = ? AND receipt_key = ?";
    }

    /** Parameters: store, key, the claimant's hold. Deletes the claim only while it is still that claimant's. */
    String releaseReceipt() {
        return "DELETE FROM cr_webhook_receipt WHERE store_id = ? AND receipt_key = ? AND held_until = ?";
    }

    /** Parameters: before, limit. Deletes at most {@code limit} webhook receipts touched before, oldest first. */
    String purgeReceipts() {
        return "DELETE FROM cr_webhook_receipt WHERE (store_id, receipt_key) IN (SELECT store_id, receipt_key"
                + " FROM cr_webhook_receipt WHERE touched_at < ? ORDER BY touched_at LIMIT ?)";
    }
}

package io.cartrecovery.jdbc;

import java.util.List;

/**
 * The part of {@link SqlDialect} for erasure, export and the retention purge ({@link JdbcPrivacy}): statements the
 * three dialects share. Parameters are named in each method's comment, in order.
 */
abstract class PrivacySql extends AnalyticsSql {
    /** Every table that holds a store's rows, children first. */
    static final List<String> STORE_TABLES = List.of("cr_event_key", "cr_event", "cr_popup", "cr_sequence",
            "cr_cart", "cr_customer", "cr_suppression", "cr_webhook_receipt", "cr_store_settings");

    private static final String SEQUENCES_OF_CUSTOMER = "SELECT id FROM cr_sequence WHERE store_id = ? "
            + "AND customer_id = ?";
    private static final String EVENTS_OF_CUSTOMER = "FROM cr_event WHERE store_id = ? AND (customer_id = ? "
            + "OR sequence_id IN (" + SEQUENCES_OF_CUSTOMER + "))";

    // --- a customer: parameters store, customer (twice where the events are concerned) ---

    /** Store, customer, store, customer. */
    final String customerEventRows() {
        return "SELECT seq, body " + EVENTS_OF_CUSTOMER;
    }

    /** Body, seq: the event without its personal data. */
    final String eraseEvent() {
        return "UPDATE cr_event SET customer_id = NULL, body = ? WHERE seq = ?";
    }

    /** Store, store, customer. */
    final String deleteCustomerPopups() {
        return "DELETE FROM cr_popup WHERE store_id = ? AND sequence_id IN (" + SEQUENCES_OF_CUSTOMER + ")";
    }

    /** Store, customer, store, customer: the customer's carts and the carts of their sequences. */
    final String deleteCustomerCarts() {
        return "DELETE FROM cr_cart WHERE store_id = ? AND (customer_id = ? OR cart_id IN (SELECT cart_id FROM "
                + "cr_sequence WHERE store_id = ? AND customer_id = ?))";
    }

    /** Store, customer. */
    final String deleteCustomerSequences() {
        return "DELETE FROM cr_sequence WHERE store_id = ? AND customer_id = ?";
    }

    /** Store, customer. */
    final String deleteCustomer() {
        return "DELETE FROM cr_customer WHERE store_id = ? AND customer_id = ?";
    }

    /** Store, customer. */
    final String customerCarts() {
        return "SELECT body FROM cr_cart WHERE store_id = ? AND customer_id = ? ORDER BY cart_id";
    }

    /** Store, customer. */
    final String customerSequences() {
        return "SELECT body FROM cr_sequence WHERE store_id = ? AND customer_id = ? ORDER BY created";
    }

    /** Store, customer, store, customer. */
    final String customerEvents() {
        return "SELECT body " + EVENTS_OF_CUSTOMER + " ORDER BY seq";
    }

    // --- a store ---

    /** Store. */
    static String deleteStoreRows(String table) {
        return "DELETE FROM " + table + " WHERE store_id = ?";
    }

    // --- the retention purge ---

    /** Store, cutoff, limit: terminal sequences without an event at or after the cutoff, oldest first. */
    final String expiredSequences() {
        return "SELECT s.id FROM cr_sequence s WHERE s.store_id = ? AND s.status <> 'ACTIVE' AND " + noEventSince("s")
                + " ORDER BY s.created LIMIT ?";
    }

    /** Store, id, cutoff: the sequence, if still expired. */
    final String deleteExpiredSequence() {
        return "DELETE FROM cr_sequence WHERE store_id = ? AND id = ? AND status <> 'ACTIVE' AND "
                + noEventSince("cr_sequence");
    }

    /** No event of the sequence {@code sequence} (a table or alias) at or after the cutoff (a parameter). */
    private static String noEventSince(String sequence) {
        return "NOT EXISTS (SELECT 1 FROM cr_event e WHERE e.store_id = " + sequence + ".store_id AND e.sequence_id = "
                + sequence + ".id AND e.occurred_at >= ?)";
    }

    /** Store, sequence. */
    final String deleteSequenceEvents() {
        return "DELETE FROM cr_event WHERE store_id = ? AND sequence_id = ?";
    }

    /** Store, sequence. */
    final String deleteSequencePopups() {
        return "DELETE FROM cr_popup WHERE store_id = ? AND sequence_id = ?";
    }

    /** Store, cutoff, limit: events of no sequence before the cutoff, oldest first. */
    final String expiredEvents() {
        return "SELECT seq FROM cr_event WHERE store_id = ? AND sequence_id IS NULL AND occurred_at < ? "
                + "ORDER BY seq LIMIT ?";
    }

    /** Seq. */
    final String deleteEvent() {
        return "DELETE FROM cr_event WHERE seq = ?";
    }

    /** Store, cutoff, limit: unwatched carts inactive since before the cutoff with no active sequence. */
    final String staleCarts() {
        return "SELECT c.cart_id FROM cr_cart c WHERE c.store_id = ? AND c.last_activity_at < ? "
                + "AND c.abandonment_due_at IS NULL AND NOT EXISTS (SELECT 1 FROM cr_sequence s "
                + "WHERE s.store_id = c.store_id AND s.cart_id = c.cart_id AND s.status = 'ACTIVE') "
                + "ORDER BY c.last_activity_at LIMIT ?";
    }

    /** Store, cart, cutoff: the cart, if still inactive and unwatched. */
    final String deleteStaleCart() {
        return "DELETE FROM cr_cart WHERE store_id = ? AND cart_id = ? AND last_activity_at < ? "
                + "AND abandonment_due_at IS NULL";
    }

    /** Store, now, limit. */
    final String expiredPopups() {
        return "SELECT storefront_token FROM cr_popup WHERE store_id = ? AND expires_at < ? LIMIT ?";
    }

    /** Store, token, now. */
    final String deleteExpiredPopup() {
        return "DELETE FROM cr_popup WHERE store_id = ? AND storefront_token = ? AND expires_at < ?";
    }
}

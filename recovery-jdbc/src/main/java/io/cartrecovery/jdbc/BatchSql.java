package io.cartrecovery.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;

/**
 * The part of {@link SqlDialect} that reads the rows of a batch ({@link JdbcBatches}) by their ids, a fixed number
 * of statements however many ids: the ids bound as one array (H2, PostgreSQL) or as an {@code IN} list (MariaDB).
 */
abstract class BatchSql extends ReceiptSql {
    /** The column by which the one-active-sequence index finds a customer's active sequence. */
    abstract String activeCustomer();

    /** The carts of {@code ids} ids, then the store. */
    final String batchCarts(int ids) {
        return byIds("cart_id, body, abandonment_due_at", "cr_cart", "cart_id", "", ids, false);
    }

    /**
     * The sequences of carts (ids, store) and the active sequences of customers (ids, store), oldest first; a
     * sequence can come twice.
     */
    String batchSequences(int carts, int customers) {
        return sequencesOfCartsAndCustomers(carts, customers) + " ORDER BY 1";
    }

    /** The rows of {@link #batchSequences}, unordered: one query per kind of id, joined by UNION ALL. */
    final String sequencesOfCartsAndCustomers(int carts, int customers) {
        return byIds("created, body", "cr_sequence", "cart_id", "", carts, false) + " UNION ALL "
                + byIds("created, body", "cr_sequence", activeCustomer(), " AND status = 'ACTIVE'", customers,
                false);
    }

    final String batchCustomers(int ids) {
        return byIds("customer_id, body", "cr_customer", "customer_id", "", ids, false);
    }

    final String batchOptedOut(int ids) {
        return byIds("key_value", "cr_suppression", "key_value", " AND kind = 'CUSTOMER'", ids, false);
    }

    /** The ids of sequences (ids, store, then the event type) with an event of the type. */
    final String batchWithEvent(int ids) {
        return byIds("sequence_id", "cr_event", "sequence_id", " AND event_type = ?", ids, true);
    }

    /**
     * {@code columns} of the rows of {@code table} in a store whose {@code idColumn} is one of the ids; the ids are
     * bound before the store by {@link #bindIds}. {@code distinct}: one row per id.
     */
    abstract String byIds(String columns, String table, String idColumn, String filter, int ids, boolean distinct);

    /**
     * Binds {@code ids} for {@link #byIds} from {@code index} on; returns the next index. The default binds one SQL
     * array (H2, PostgreSQL); a dialect without arrays binds a list.
     */
    int bindIds(PreparedStatement statement, int index, Collection<String> ids) throws SQLException {
        statement.setArray(index, statement.getConnection().createArrayOf("VARCHAR", new HashSet<>(ids).toArray()));
        return index + 1;
    }
}

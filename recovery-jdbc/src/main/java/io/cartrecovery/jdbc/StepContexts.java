package io.cartrecovery.jdbc;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.SuppressionKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link StepContext} in one query: the sequence joined with its cart, its customer and the suppression entry of
 * the customer's email address (through {@code cr_customer.email_key}).
 */
final class StepContexts {
    static final String QUERY = "SELECT s.body, c.body, cu.body, cu.email_key, sp.key_value FROM cr_sequence s "
            + "LEFT JOIN cr_cart c ON c.store_id = s.store_id AND c.cart_id = s.cart_id "
            + "LEFT JOIN cr_customer cu ON cu.store_id = s.store_id AND cu.customer_id = s.customer_id "
            + "LEFT JOIN cr_suppression sp ON sp.store_id = s.store_id AND sp.kind = 'EMAIL' "
            + "AND sp.key_value = cu.email_key "
            + "WHERE s.store_id = ? AND s.id = ?";

    /** What the query found, before the fallback for customers saved without an email key. */
    private record Found(StepContext context, String emailKey) {}

    private final Jdbc jdbc;
    private final Json json;

    StepContexts(Jdbc jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * @param isEmailSuppressed asks the suppression list for a key; used only for a customer row written before
     *                          schema version 4 (no email key yet)
     */
    Optional<StepContext> read(String storeId, String sequenceId, Predicate<SuppressionKey> isEmailSuppressed) {
        Found found = jdbc.run("read a step's context", connection -> {
            try (PreparedStatement statement = Jdbc.prepare(connection, QUERY, storeId, sequenceId);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                RecoverySequence sequence = json.read(rows.getString(1), RecoverySequence.class);
                String cart = rows.getString(2);
                String customer = rows.getString(3);
                return new Found(new StepContext(sequence, cart == null ? null : json.read(cart, Cart.class),
                        customer == null ? null : json.read(customer, Customer.class), rows.getString(5) != null),
                        rows.getString(4));
            }
        });
        if (found == null) {
            return Optional.empty();
        }
        StepContext context = found.context();
        Customer customer = context.customer();
        if (customer != null && customer.hasEmail()) {
            SuppressionKey key = SuppressionKey.email(customer.email());
            if (!key.value().equals(found.emailKey())) {
                return Optional.of(new StepContext(context.sequence(), context.cart(), customer,
                        isEmailSuppressed.test(key)));
            }
        }
        return Optional.of(context);
    }

    /** The value of {@code cr_customer.email_key}: the suppression key of the address, or {@code null}. */
    static String emailKey(Customer customer) {
        return customer.hasEmail() ? SuppressionKey.email(customer.email()).value() : null;
    }
}

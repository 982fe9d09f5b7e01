package io.cartrecovery.core;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Locale;

/**
 * What the store knows of a customer.
 *
 * @param storeId          the store the customer belongs to
 * @param customerId       the store's customer id (an email address is fine for guests)
 * @param email            address for email steps, or {@code null}
 * @param firstName        for personal greetings, or {@code null}
 * @param locale           preferred language, or {@code null} for the store's
 * @param timeZone         the customer's zone, or {@code null} for the store's
 * @param orderCount       completed orders before this cart
 * @param lifetimeValue    total spent before this cart, in the store currency
 * @param marketingConsent whether the customer agreed to marketing email
 */
public record Customer(String storeId, String customerId, String email, String firstName, Locale locale,
                       ZoneId timeZone, int orderCount, BigDecimal lifetimeValue, boolean marketingConsent) {

    public Customer {
        Checks.id(storeId, "storeId");
        Checks.id(customerId, "customerId");
        Checks.optionalEmail(email, "email");
        Checks.optionalText(firstName, "firstName");
        Checks.nonNegative(orderCount, "orderCount");
        Checks.nonNegative(lifetimeValue, "lifetimeValue");
    }

    /** A first-time customer with an address and consent, and no other data. */
    public static Customer of(String storeId, String customerId, String email) {
        return new Customer(storeId, customerId, email, null, null, null, 0, BigDecimal.ZERO, true);
    }

    /** Whether an email can be addressed to this customer at all. */
    public boolean hasEmail() {
        return email != null;
    }

    @Override
    public String toString() {
        // Personal data stays out of logs.
        return "Customer[storeId=" + storeId + ", customerId=" + customerId + ", orderCount=" + orderCount + "]";
    }
}

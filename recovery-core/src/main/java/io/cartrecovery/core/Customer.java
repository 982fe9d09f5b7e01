package io.cartrecovery.core;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * What the store knows of a customer.
 *
 * @param storeId          the store the customer belongs to
 * @param customerId       the store's customer id (an email address is fine for guests)
 * @param email            address for email steps (see {@link EmailAddress}), or {@code null}
 * @param firstName        as the store has it, at most {@value Limits#MAX_NAME_LENGTH} characters, or {@code null};
 *                         messages greet by {@link #greetingName()}
 * @param locale           preferred language, or {@code null} for the store's
 * @param timeZone         the customer's zone, or {@code null} for the store's
 * @param orderCount       completed orders before this cart
 * @param lifetimeValue    total spent before this cart, in the store currency; an amount (see {@link Limits})
 * @param marketingConsent whether the customer agreed to marketing email
 */
public record Customer(String storeId, String customerId, String email, String firstName, Locale locale,
                       ZoneId timeZone, int orderCount, BigDecimal lifetimeValue, boolean marketingConsent) {

    public Customer {
        Checks.id(storeId, "storeId");
        Checks.id(customerId, "customerId");
        Checks.optionalEmail(email, "email");
        Checks.optionalText(firstName, "firstName", Limits.MAX_NAME_LENGTH);
        Checks.nonNegative(orderCount, "orderCount");
        Checks.amount(lifetimeValue, "lifetimeValue");
    }

    /** A first-time customer with an address and consent, and no other data. */
    public static Customer of(String storeId, String customerId, String email) {
        return new Customer(storeId, customerId, email, null, null, null, 0, BigDecimal.ZERO, true);
    }

    /** Whether an email can be addressed to this customer at all. */
    public boolean hasEmail() {
        return email != null;
    }

    /**
     * The first name as a greeting may use it, or empty when it does not look like a name; then messages greet
     * without one. A checkout carries any name with any address, so a name is used only when, leading and
     * trailing blanks stripped, it is at most {@value Limits#MAX_GREETING_NAME_LENGTH} characters and at most
     * {@value Limits#MAX_GREETING_NAME_WORDS} words separated by single spaces, each word letters of any script
     * (with combining marks), with hyphens or apostrophes only between letters and a period only at its end
     * ({@code Anne-Marie}, {@code O'Brien}, {@code J.}); so no digits, no {@code @}, no {@code x.y} host names or
     * URLs, and none of a list of offer words ({@code free}, {@code code}, {@code discount}, {@code visit}, ...,
     * in English, German, French and Spanish).
     */
    public Optional<String> greetingName() {
        return GreetingName.of(firstName);
    }

    @Override
    public String toString() {
        // Personal data stays out of logs.
        return "Customer[storeId=" + storeId + ", customerId=" + customerId + ", orderCount=" + orderCount + "]";
    }
}

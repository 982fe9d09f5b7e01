package io.cartrecovery.core;

import java.time.Instant;

/**
 * An on-site popup waiting for the customer's next visit; the storefront gets it once.
 *
 * @param storeId         the store
 * @param storefrontToken the cart's storefront token the storefront asks with
 * @param sequenceId      the sequence
 * @param stepId          the popup step
 * @param title           headline
 * @param text            body text
 * @param callToAction    button text
 * @param incentiveCode   discount code the popup offers, or {@code null}
 * @param url             where the button leads (a tracked click URL when tracking is on)
 * @param expiresAt       not shown after this instant (the next step is due then)
 */
public record PendingPopup(String storeId, String storefrontToken, String sequenceId, String stepId, String title,
                           String text, String callToAction, String incentiveCode, String url, Instant expiresAt) {

    public PendingPopup {
        Checks.id(storeId, "storeId");
        Checks.id(storefrontToken, "storefrontToken");
        Checks.id(sequenceId, "sequenceId");
        Checks.id(stepId, "stepId");
        Checks.text(title, "title");
        Checks.notNull(text, "text");
        Checks.text(callToAction, "callToAction");
        Checks.notNull(expiresAt, "expiresAt");
    }
}

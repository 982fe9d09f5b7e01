package io.cartrecovery.shopify;

/**
 * What the host does with Shopify's mandatory compliance webhooks: erase a customer, erase a shop, export a
 * customer's data. Each call comes after the signature was verified and before the delivery is recorded as
 * processed: when a method throws, the webhook is answered with an error and Shopify delivers it again. Shopify
 * expects the answer within seconds and the work within 30 days, so a slow implementation records the request
 * and does the work elsewhere. Implementations must be idempotent: a delivery whose answer was lost comes again.
 */
public interface ShopifyCompliance {

    /** {@code customers/redact}: remove or anonymise everything held about {@link ComplianceRequest#customerIds()}. */
    void customerRedact(ComplianceRequest request);

    /** {@code shop/redact}, 48 hours after the shop uninstalled the app: remove all of the store's data. */
    void shopRedact(ComplianceRequest request);

    /** {@code customers/data_request}: gather what is held about the customer for the shop owner. */
    void dataRequest(ComplianceRequest request);
}

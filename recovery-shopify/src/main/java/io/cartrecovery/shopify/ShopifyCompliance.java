package io.cartrecovery.shopify;

import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.RecoveryEngine;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the host does with Shopify's mandatory compliance webhooks: erase a customer, erase a shop, export a
 * customer's data. Each call comes after the signature was verified and before the delivery is recorded as
 * processed: when a method throws, the webhook is answered with an error and Shopify delivers it again. Shopify
 * expects the answer within seconds and the work within 30 days, so a slow implementation records the request
 * and does the work elsewhere. Implementations must be idempotent: a delivery whose answer was lost comes again.
 */
public interface ShopifyCompliance {

    /**
     * The compliance webhooks carried out by the engine: {@code customers/redact} erases every id the customer may
     * have in the store ({@link ComplianceRequest#customerIds()}, with {@link RecoveryEngine#eraseCustomer}),
     * {@code shop/redact} erases the store ({@link RecoveryEngine#eraseStore}), and {@code customers/data_request}
     * exports what is held under each of those ids ({@link RecoveryEngine#exportCustomer}) and hands the exports to
     * {@code exports}, which delivers them to the shop owner (Shopify leaves that to the app). All of it is
     * idempotent, as a redelivery requires.
     */
    static ShopifyCompliance erasing(RecoveryEngine engine,
                                     BiConsumer<ComplianceRequest, List<CustomerExport>> exports) {
        if (engine == null || exports == null) {
            throw new IllegalArgumentException((engine == null ? "engine" : "exports") + " must not be null");
        }
        return new EngineCompliance(engine, exports);
    }

    /** {@code customers/redact}: remove or anonymise everything held about {@link ComplianceRequest#customerIds()}. */
    void customerRedact(ComplianceRequest request);

    /** {@code shop/redact}, 48 hours after the shop uninstalled the app: remove all of the store's data. */
    void shopRedact(ComplianceRequest request);

    /** {@code customers/data_request}: gather what is held about the customer for the shop owner. */
    void dataRequest(ComplianceRequest request);
}

package io.cartrecovery.shopify;

import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.RecoveryEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** {@link ShopifyCompliance#erasing}: the compliance webhooks carried out by the engine's erasure and export. */
final class EngineCompliance implements ShopifyCompliance {
    private final RecoveryEngine engine;
    private final BiConsumer<ComplianceRequest, List<CustomerExport>> exports;

    EngineCompliance(RecoveryEngine engine, BiConsumer<ComplianceRequest, List<CustomerExport>> exports) {
        this.engine = engine;
        this.exports = exports;
    }

    @Override
    public void customerRedact(ComplianceRequest request) {
        for (String customerId : request.customerIds()) {
            engine.eraseCustomer(request.storeId(), customerId);
        }
    }

    @Override
    public void shopRedact(ComplianceRequest request) {
        engine.eraseStore(request.storeId());
    }

    @Override
    public void dataRequest(ComplianceRequest request) {
        List<CustomerExport> found = new ArrayList<>();
        for (String customerId : request.customerIds()) {
            found.add(engine.exportCustomer(request.storeId(), customerId));
        }
        exports.accept(request, List.copyOf(found));
    }
}

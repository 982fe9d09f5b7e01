package io.cartrecovery.examples.http;

import io.cartrecovery.shopify.ComplianceRequest;
import io.cartrecovery.shopify.ShopifyCompliance;

import java.util.List;

/** A compliance port for the tests: it records each request as {@code "action store customer email orders"}. */
final class RecordingCompliance implements ShopifyCompliance {
    private final List<String> calls;

    RecordingCompliance(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public void customerRedact(ComplianceRequest request) {
        record("customerRedact", request);
    }

    @Override
    public void shopRedact(ComplianceRequest request) {
        record("shopRedact", request);
    }

    @Override
    public void dataRequest(ComplianceRequest request) {
        record("dataRequest", request);
    }

    private void record(String action, ComplianceRequest request) {
        calls.add(String.join(" ", action, request.storeId(), String.valueOf(request.customerId()),
                String.valueOf(request.email()), request.orderIds().toString()));
    }
}

package io.cartrecovery.shopify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every compliance call as {@code "method:customerId"}; fails the next calls when told to. */
final class RecordingCompliance implements ShopifyCompliance {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<ComplianceRequest> requests = new CopyOnWriteArrayList<>();
    volatile int failures;

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

    private void record(String method, ComplianceRequest request) {
        if (failures > 0) {
            failures--;
            throw new IllegalStateException("the host's erasure is down");
        }
        calls.add(method + ":" + request.customerId());
        requests.add(request);
    }
}

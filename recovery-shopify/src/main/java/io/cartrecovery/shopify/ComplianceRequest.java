package io.cartrecovery.shopify;

import java.util.List;

/**
 * One mandatory compliance webhook, as parsed: {@code customers/data_request}, {@code customers/redact} or
 * {@code shop/redact}. Its {@link #toString()} leaves the email address out; never log it yourself either.
 *
 * @param storeId       the engine's store id of the shop
 * @param shopId        Shopify's {@code shop_id}
 * @param shopDomain    Shopify's {@code shop_domain}, the shop the delivery was signed for
 * @param customerId    {@code customer.id}; {@code null} for {@code shop/redact}
 * @param email         {@code customer.email}, or {@code null}
 * @param orderIds      {@code orders_to_redact} or {@code orders_requested}; empty for {@code shop/redact}
 * @param dataRequestId {@code data_request.id} of {@code customers/data_request}, else {@code null}
 */
public record ComplianceRequest(String storeId, String shopId, String shopDomain, String customerId, String email,
                                List<String> orderIds, String dataRequestId) {

    public ComplianceRequest {
        orderIds = List.copyOf(orderIds);
    }

    /**
     * The ids under which the engine may know this customer: Shopify's customer id, and the id a guest checkout
     * with the same email got (see {@link ShopifyWebhooks}). Erase and export both.
     */
    public List<String> customerIds() {
        if (customerId == null) {
            return List.of();
        }
        return email == null ? List.of(customerId) : List.of(customerId, ShopifyPayloads.guestId(email));
    }

    @Override
    public String toString() {
        return "ComplianceRequest[storeId=" + storeId + ", shopId=" + shopId + ", shopDomain=" + shopDomain
                + ", customerId=" + customerId + ", orders=" + orderIds.size() + ", dataRequestId=" + dataRequestId
                + "]";
    }
}

package io.cartrecovery.examples.http;

/**
 * A store the example service serves.
 *
 * @param storeId       the engine's store id
 * @param shopDomain    the shop's domain as sent in {@code X-Shopify-Shop-Domain}, e.g. {@code shop.myshopify.com}
 * @param apiKey        bearer key of the management API for this store only
 * @param webhookSecret the secret the shop signs its webhooks with
 */
public record StoreAccount(String storeId, String shopDomain, String apiKey, String webhookSecret) {

    public StoreAccount {
        require(storeId, "storeId");
        require(shopDomain, "shopDomain");
        require(apiKey, "apiKey");
        require(webhookSecret, "webhookSecret");
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    @Override
    public String toString() {
        // The key and the secret stay out of logs.
        return "StoreAccount[storeId=" + storeId + ", shopDomain=" + shopDomain + "]";
    }
}

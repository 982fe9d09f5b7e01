package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.cartrecovery.core.RecoveryEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /webhooks/shopify}: verifies the signature over the raw body before anything else, drops
 * redeliveries by {@code X-Shopify-Webhook-Id}, then feeds the engine: checkouts become cart updates (the engine
 * decides when a cart counts as abandoned), orders stop the sequence as purchased.
 */
final class ShopifyWebhooks implements Exchanges.Work {
    private static final Logger LOG = LoggerFactory.getLogger(ShopifyWebhooks.class);

    private final RecoveryEngine engine;
    private final Map<String, StoreAccount> accountsByDomain;
    private final WebhookDeduplicator deduplicator;

    ShopifyWebhooks(RecoveryEngine engine, Map<String, StoreAccount> accountsByDomain,
                    WebhookDeduplicator deduplicator) {
        this.engine = engine;
        this.accountsByDomain = Map.copyOf(accountsByDomain);
        this.deduplicator = deduplicator;
    }

    @Override
    public void handle(HttpExchange exchange, byte[] body) throws IOException {
        Exchanges.requireMethod(exchange, "POST");
        StoreAccount account = account(exchange.getRequestHeaders().getFirst("X-Shopify-Shop-Domain"));
        String signature = exchange.getRequestHeaders().getFirst("X-Shopify-Hmac-Sha256");
        if (!ShopifySignature.verify(body, signature, account.webhookSecret())) {
            throw new ApiException(401, "X-Shopify-Hmac-Sha256", "is not a valid signature of the body");
        }
        String topic = exchange.getRequestHeaders().getFirst("X-Shopify-Topic");
        String webhookId = exchange.getRequestHeaders().getFirst("X-Shopify-Webhook-Id");
        String key = webhookId == null ? null : account.storeId() + ":" + webhookId;
        if (key != null && !deduplicator.claim(key)) {
            Exchanges.json(exchange, 200, Map.of("status", "duplicate"));
            return;
        }
        try {
            String status = process(account.storeId(), topic, Exchanges.readTree(body));
            LOG.debug("webhook {} of store {}: {}", topic, account.storeId(), status);
            Exchanges.json(exchange, 200, Map.of("status", status));
        } catch (IOException | RuntimeException e) {
            if (key != null) {
                deduplicator.release(key); // not processed: the shop's retry must get through
            }
            throw e;
        }
    }

    /**
     * The account of the shop a webhook says it comes from. An unknown domain is most often a configuration error
     * (the account's shop domain, {@code SHOPIFY_SHOP_DOMAIN} in {@code HttpMain}, differs from what Shopify
     * sends), so it is logged with the configured domains and answered 404, not taken for a bad signature. Shop
     * domains are public: telling which ones are served gives nothing away.
     */
    private StoreAccount account(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new ApiException(400, "X-Shopify-Shop-Domain", "must be given");
        }
        StoreAccount account = accountsByDomain.get(domain);
        if (account == null) {
            LOG.warn("webhook refused: shop domain {} is not one of the configured {}",
                    domain.replaceAll("[^A-Za-z0-9.-]", "?").substring(0, Math.min(domain.length(), 100)),
                    accountsByDomain.keySet());
            throw new ApiException(404, "X-Shopify-Shop-Domain", "is not a shop this service serves");
        }
        return account;
    }

    private String process(String storeId, String topic, JsonNode payload) {
        if (topic == null) {
            throw new IllegalArgumentException("X-Shopify-Topic must be given");
        }
        switch (topic) {
            case "checkouts/create", "checkouts/update" -> {
                ShopifyPayloads.Checkout checkout = ShopifyPayloads.checkout(storeId, payload);
                engine.cartUpdated(checkout.cart(), checkout.customer());
                return "processed";
            }
            case "orders/create" -> {
                engine.orderPlaced(ShopifyPayloads.order(storeId, payload));
                return "processed";
            }
            default -> {
                return "ignored"; // a topic this endpoint does not subscribe to: acknowledged, not retried
            }
        }
    }
}

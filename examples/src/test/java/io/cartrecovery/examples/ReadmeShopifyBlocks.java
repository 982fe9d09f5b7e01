package io.cartrecovery.examples;

import com.sun.net.httpserver.HttpServer;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.shopify.ShopifyCompliance;
import io.cartrecovery.shopify.ShopifyWebhooks;
import io.cartrecovery.shopify.WebhookHeaders;
import io.cartrecovery.shopify.WebhookRejectedException;
import io.cartrecovery.shopify.WebhookResult;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The README's blocks of "Shopify", compiled (see {@link ReadmeBlocksTest}); the example service's tests run the
 * same calls over real HTTP.
 */
final class ReadmeShopifyBlocks {
    private ReadmeShopifyBlocks() {}

    /** README, "Shopify": the JDK server. */
    static HttpServer jdkServer(RecoveryEngine engine, RecoveryStore store, String shopifyApiSecret,
                                ShopifyCompliance compliance) throws IOException {
        // README:
        ShopifyWebhooks webhooks = ShopifyWebhooks.builder(engine, store)        // the store the engine was built with
                .shop("shop-1", "shop-1.myshopify.com", shopifyApiSecret)        // store id, X-Shopify-Shop-Domain, secret
                .compliance(compliance)                                          // your erasure and export
                .build();
        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
        server.createContext("/webhooks/shopify", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();          // the raw bytes: what Shopify signed
                int status;
                try {
                    status = webhooks.handle(WebhookHeaders.ofLists(exchange.getRequestHeaders()), body).httpStatus();
                } catch (WebhookRejectedException e) {
                    status = e.httpStatus();                                     // 401 bad signature, 404 unknown shop
                } catch (IllegalArgumentException e) {
                    status = 400;                                                // e.getMessage() names the field
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
        // README end
        return server;
    }

    // README:
    @RestController
    class ShopifyWebhookController {
        private final ShopifyWebhooks webhooks;

        ShopifyWebhookController(ShopifyWebhooks webhooks) {
            this.webhooks = webhooks;
        }

        @PostMapping("/webhooks/shopify")
        ResponseEntity<String> receive(@RequestHeader Map<String, String> headers, @RequestBody byte[] body) {
            try {
                WebhookResult result = webhooks.handle(WebhookHeaders.of(headers), body);
                return ResponseEntity.status(result.httpStatus()).body(result.status().name());
            } catch (WebhookRejectedException e) {
                return ResponseEntity.status(e.httpStatus()).body(e.getMessage());
            } catch (IllegalArgumentException e) {
                return ResponseEntity.badRequest().body(e.getMessage());   // line_items[2].price must not be negative
            }
        }
    }
    // README end
}

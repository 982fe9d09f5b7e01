package io.cartrecovery.examples.http;

import com.sun.net.httpserver.HttpExchange;
import io.cartrecovery.shopify.ShopifyWebhooks;
import io.cartrecovery.shopify.WebhookHeaders;
import io.cartrecovery.shopify.WebhookRejectedException;
import io.cartrecovery.shopify.WebhookResult;

import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /webhooks/shopify}: the JDK server's side of {@link ShopifyWebhooks}, which verifies, deduplicates
 * and maps the delivery. Answers {@code {"status": "processed|duplicate|ignored|in_progress"}} with the status
 * the module gives; a rejected delivery becomes an error body naming the header.
 */
final class ShopifyEndpoint implements Exchanges.Work {
    private final ShopifyWebhooks webhooks;

    ShopifyEndpoint(ShopifyWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void handle(HttpExchange exchange, byte[] body) {
        Exchanges.requireMethod(exchange, "POST");
        WebhookResult result;
        try {
            result = webhooks.handle(WebhookHeaders.ofLists(exchange.getRequestHeaders()), body);
        } catch (WebhookRejectedException e) {
            throw new ApiException(e.httpStatus(), e.header(), e.reason());
        }
        Exchanges.json(exchange, result.httpStatus(),
                Map.of("status", result.status().name().toLowerCase(Locale.ROOT)));
    }
}

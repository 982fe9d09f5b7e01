package io.cartrecovery.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Shopify's sample payloads (see {@code src/test/resources/shopify/README.md}) and signed deliveries of them. */
final class Samples {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STORE = "shop-1";
    static final String DOMAIN = "shop-1.myshopify.com";
    static final String SECRET = "whsec-shop-1";
    /** The compliance samples name Shopify's placeholder shop. */
    static final String PLACEHOLDER_DOMAIN = "{shop}.myshopify.com";
    static final String PLACEHOLDER_STORE = "placeholder-shop";
    static final String PLACEHOLDER_SECRET = "whsec-placeholder";

    private Samples() {}

    /** The sample of {@code topic}, as Shopify documents it. */
    static ObjectNode sample(String topic) {
        try (InputStream in = Samples.class.getResourceAsStream("/shopify/" + topic + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no sample for " + topic);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample of {@code topic} with {@code change} applied. */
    static ObjectNode sample(String topic, Consumer<ObjectNode> change) {
        ObjectNode sample = sample(topic);
        change.accept(sample);
        return sample;
    }

    static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sign(byte[] body, String secret) {
        return Base64.getEncoder().encodeToString(ShopifySignature.hmac(body, secret));
    }

    /** The headers Shopify sends with {@code body}, signed with the shop's secret. */
    static WebhookHeaders headers(String topic, String webhookId, byte[] body) {
        return headers(topic, webhookId, DOMAIN, sign(body, SECRET));
    }

    static WebhookHeaders headers(String topic, String webhookId, String domain, String hmac) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Shop-Domain", domain);
        headers.put("X-Shopify-API-Version", "2026-07");
        if (webhookId != null) {
            headers.put("X-Shopify-Webhook-Id", webhookId);
        }
        if (hmac != null) {
            headers.put("X-Shopify-Hmac-Sha256", hmac);
        }
        return WebhookHeaders.of(headers);
    }

    static String text(JsonNode json) {
        return new String(bytes(json), StandardCharsets.UTF_8);
    }
}

package io.cartrecovery.shopify;

/**
 * What {@link ShopifyWebhooks#handle} did with a delivery, and the HTTP status to answer Shopify with.
 *
 * @param status     what happened
 * @param httpStatus 200, or 409 for {@link Status#IN_PROGRESS} (Shopify retries any answer but 2xx)
 * @param topic      the {@code X-Shopify-Topic}
 * @param apiVersion the {@code X-Shopify-API-Version} the payload was serialized in, or {@code null}
 */
public record WebhookResult(Status status, int httpStatus, String topic, String apiVersion) {

    /** The outcomes of a delivery that was accepted. */
    public enum Status {
        /** The engine (or the compliance port) was given the webhook. */
        PROCESSED,
        /** This webhook was processed before ({@code X-Shopify-Webhook-Id} seen): nothing changed. */
        DUPLICATE,
        /** Verified and acknowledged, but nothing to do (a topic or a change the engine has no use for). */
        IGNORED,
        /** Another delivery of this webhook is being processed now; answered 409 so that Shopify retries. */
        IN_PROGRESS
    }

    static WebhookResult of(Status status, String topic, String apiVersion) {
        return new WebhookResult(status, status == Status.IN_PROGRESS ? 409 : 200, topic, apiVersion);
    }
}

/**
 * Shopify webhooks for the recovery engine, for any HTTP stack: {@link io.cartrecovery.shopify.ShopifyWebhooks}
 * takes the headers and the raw body of a delivery, verifies its signature, drops redeliveries durably (in the
 * store), maps checkouts, orders, consent changes and the mandatory compliance topics, and tells the host what to
 * answer. The host supplies the compliance actions ({@link io.cartrecovery.shopify.ShopifyCompliance}) and, if it
 * wants a customer's order history from elsewhere, a {@link io.cartrecovery.shopify.CustomerHistory}.
 */
package io.cartrecovery.shopify;

/**
 * Signed links for recovery messages: {@code SignedLinks} issues and verifies HMAC-SHA256 tokens for one-click
 * unsubscribe, the open pixel and tracked clicks, under a store's {@code StoreLinks} configuration (base URL,
 * allowed redirect hosts, time to live, rotating keys). The host serves the endpoints and passes what it verified
 * to the engine.
 */
package io.cartrecovery.core.links;

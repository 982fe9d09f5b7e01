package io.cartrecovery.core.links;

import io.cartrecovery.core.Limits;
import io.cartrecovery.core.internal.Arguments;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One store's link configuration. Build with {@link #builder(String)}; keys never appear in {@link #toString()}.
 *
 * @param storeId          the store, at most {@value Limits#MAX_ID_LENGTH} characters
 * @param baseUrl          where the host serves {@code /unsubscribe}, {@code /open} and {@code /click}, https, at
 *                         most {@value Limits#MAX_URL_LENGTH} characters
 * @param redirectHosts    hosts a click may redirect to (the store's own domains); subdomains are not implied
 * @param trackingEnabled  whether messages get an open pixel and tracked links (unsubscribe links are always on)
 * @param ttl              how long a link stays valid
 * @param signingKeyId     id of the key new links are signed with, at most {@value Limits#MAX_ID_LENGTH} characters
 * @param keys             every key that still verifies, by id; at least 32 bytes each
 */
public record StoreLinks(String storeId, URI baseUrl, Set<String> redirectHosts, boolean trackingEnabled,
                         Duration ttl, String signingKeyId, Map<String, byte[]> keys) {

    public static final Duration DEFAULT_TTL = Duration.ofDays(60);
    static final int MIN_KEY_BYTES = 32;

    public StoreLinks {
        require(storeId, "storeId");
        Arguments.notNull(baseUrl, "baseUrl");
        if (!"https".equalsIgnoreCase(baseUrl.getScheme()) && !"http".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL");
        }
        if (baseUrl.toASCIIString().length() > Limits.MAX_URL_LENGTH) {
            throw new IllegalArgumentException("baseUrl must be at most " + Limits.MAX_URL_LENGTH + " characters");
        }
        redirectHosts = Set.copyOf(Arguments.notNull(redirectHosts, "redirectHosts"));
        Arguments.notNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        require(signingKeyId, "signingKeyId");
        Arguments.notNull(keys, "keys");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            require(id, "keys.id");
            if (key == null || key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("keys must be at least " + MIN_KEY_BYTES + " bytes each");
            }
            copy.put(id, key.clone());
        });
        if (!copy.containsKey(signingKeyId)) {
            throw new IllegalArgumentException("signingKeyId must name one of the keys");
        }
        keys = Map.copyOf(copy);
    }

    public static Builder builder(String storeId) {
        return new Builder(storeId);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > Limits.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + Limits.MAX_ID_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return "StoreLinks[storeId=" + storeId + ", baseUrl=" + baseUrl + ", redirectHosts=" + redirectHosts
                + ", trackingEnabled=" + trackingEnabled + ", ttl=" + ttl + ", signingKeyId=" + signingKeyId
                + ", keyIds=" + keys.keySet() + "]";
    }

    /** Fluent builder; {@link #key} adds verification keys, {@link #signWith} picks the signing one. */
    public static final class Builder {
        private final String storeId;
        private URI baseUrl;
        private final java.util.Set<String> redirectHosts = new java.util.LinkedHashSet<>();
        private boolean trackingEnabled = true;
        private Duration ttl = DEFAULT_TTL;
        private String signingKeyId;
        private final Map<String, byte[]> keys = new LinkedHashMap<>();

        private Builder(String storeId) {
            this.storeId = storeId;
        }

        public Builder baseUrl(URI value) { this.baseUrl = value; return this; }

        /** Allows clicks to redirect to {@code host}. */
        public Builder redirectHost(String host) { redirectHosts.add(host.toLowerCase(java.util.Locale.ROOT)); return this; }

        public Builder trackingEnabled(boolean value) { this.trackingEnabled = value; return this; }

        public Builder ttl(Duration value) { this.ttl = value; return this; }

        /** Adds a key that verifies links; the first key added also signs unless {@link #signWith} says otherwise. */
        public Builder key(String keyId, byte[] secret) {
            keys.put(keyId, secret == null ? null : secret.clone());
            if (signingKeyId == null) {
                signingKeyId = keyId;
            }
            return this;
        }

        /** Signs new links with {@code keyId}; older keys keep verifying until removed. */
        public Builder signWith(String keyId) { this.signingKeyId = keyId; return this; }

        public StoreLinks build() {
            return new StoreLinks(storeId, baseUrl, redirectHosts, trackingEnabled, ttl, signingKeyId, keys);
        }
    }
}

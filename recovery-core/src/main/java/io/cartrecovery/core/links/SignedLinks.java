package io.cartrecovery.core.links;

import io.cartrecovery.core.Limits;
import io.cartrecovery.core.internal.Arguments;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the links of recovery messages: unsubscribe, open pixel and tracked clicks. A token is
 * {@code base64url(claims) "." base64url(HMAC-SHA256(store key, claims))}; the claims name the key id, so keys
 * rotate without breaking links already sent. Verification is constant-time and rejects forged, expired,
 * cross-store and wrong-purpose tokens. Every token made from claims within the {@link Limits} (ids of
 * {@value Limits#MAX_ID_LENGTH} characters, a target of {@value Limits#MAX_URL_LENGTH}) verifies; longer tokens
 * are refused unread.
 */
public final class SignedLinks {
    private static final byte VERSION = 1;
    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** The longest token {@link #sign} makes, so the longest {@link #verify} reads. */
    private static final int MAX_TOKEN_LENGTH = Limits.MAX_LINK_TOKEN_LENGTH;

    private final Clock clock;
    private final Map<String, StoreLinks> stores;

    private SignedLinks(Clock clock, Map<String, StoreLinks> stores) {
        this.clock = clock;
        this.stores = stores;
    }

    /** Links for the given stores, with expiry measured on {@code clock}. */
    public static SignedLinks of(Clock clock, Collection<StoreLinks> stores) {
        Arguments.notNull(clock, "clock");
        Arguments.notNull(stores, "stores");
        return new SignedLinks(clock, stores.stream().collect(Collectors.toUnmodifiableMap(StoreLinks::storeId,
                Function.identity())));
    }

    /** The configuration of {@code storeId}, if links are configured for it. */
    public Optional<StoreLinks> store(String storeId) {
        return Optional.ofNullable(stores.get(storeId));
    }

    /** Signs {@code claims} with the store's signing key. */
    public String sign(LinkClaims claims) {
        StoreLinks store = requireStore(claims.storeId());
        byte[] payload = encode(store.signingKeyId(), claims);
        byte[] mac = mac(store.keys().get(store.signingKeyId()), payload);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac);
    }

    /** A token for {@code purpose} on a message of {@code sequenceId:stepId}, valid for the store's TTL. */
    public String sign(String storeId, LinkPurpose purpose, String sequenceId, String stepId, String target) {
        StoreLinks store = requireStore(storeId);
        return sign(new LinkClaims(storeId, purpose, sequenceId, stepId, target, clock.instant().plus(store.ttl())));
    }

    /** The full URL the host serves for {@code purpose}: {@code baseUrl/unsubscribe?t=TOKEN} and so on. */
    public URI url(String storeId, LinkPurpose purpose, String sequenceId, String stepId, String target) {
        StoreLinks store = requireStore(storeId);
        String base = store.baseUrl().toString();
        String path = purpose.name().toLowerCase(Locale.ROOT);
        String token = sign(storeId, purpose, sequenceId, stepId, target);
        return URI.create((base.endsWith("/") ? base : base + "/") + path + "?t="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /**
     * Verifies a token presented to {@code storeId}'s endpoint for {@code purpose}.
     *
     * @throws InvalidLinkException if it is malformed, forged, expired, for another store or purpose
     */
    public LinkClaims verify(String storeId, LinkPurpose purpose, String token) {
        StoreLinks store = stores.get(storeId);
        if (store == null || token == null || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidLinkException("invalid link");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new InvalidLinkException("malformed link");
        }
        byte[] payload;
        byte[] presentedMac;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            presentedMac = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException("malformed link");
        }
        if (!token.equals(ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(presentedMac))) {
            throw new InvalidLinkException("malformed link"); // only the canonical encoding is accepted
        }
        Decoded decoded = decode(payload);
        byte[] key = store.keys().get(decoded.keyId());
        if (key == null || !MessageDigest.isEqual(mac(key, payload), presentedMac)) {
            throw new InvalidLinkException("link signature does not verify");
        }
        LinkClaims claims = decoded.claims();
        if (!claims.storeId().equals(storeId)) {
            throw new InvalidLinkException("link belongs to another store");
        }
        if (claims.purpose() != purpose) {
            throw new InvalidLinkException("link is not a " + purpose + " link");
        }
        if (clock.instant().isAfter(claims.expiresAt())) {
            throw new InvalidLinkException("link expired");
        }
        return claims;
    }

    /** Whether {@code target} is an http(s) URL on one of the store's own hosts. */
    public boolean isAllowedRedirect(String storeId, String target) {
        StoreLinks store = stores.get(storeId);
        if (store == null || target == null) {
            return false;
        }
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme();
            return uri.getHost() != null && uri.getRawUserInfo() == null
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                    && store.redirectHosts().contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private StoreLinks requireStore(String storeId) {
        StoreLinks store = stores.get(storeId);
        if (store == null) {
            throw new IllegalArgumentException("storeId has no link configuration: " + storeId);
        }
        return store;
    }

    private record Decoded(String keyId, LinkClaims claims) {}

    private static byte[] encode(String keyId, LinkClaims claims) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(keyId);
            out.writeUTF(claims.storeId());
            out.writeByte(claims.purpose().ordinal());
            out.writeUTF(claims.sequenceId());
            out.writeUTF(claims.stepId());
            out.writeBoolean(claims.target() != null);
            if (claims.target() != null) {
                out.writeUTF(claims.target());
            }
            out.writeLong(claims.expiresAt().getEpochSecond());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Decoded decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) {
                throw new InvalidLinkException("unknown link version");
            }
            String keyId = in.readUTF();
            String storeId = in.readUTF();
            int purpose = in.readUnsignedByte();
            String sequenceId = in.readUTF();
            String stepId = in.readUTF();
            String target = in.readBoolean() ? in.readUTF() : null;
            Instant expiresAt = Instant.ofEpochSecond(in.readLong());
            if (purpose >= LinkPurpose.values().length || in.available() != 0) {
                throw new InvalidLinkException("malformed link");
            }
            return new Decoded(keyId, new LinkClaims(storeId, LinkPurpose.values()[purpose], sequenceId, stepId,
                    target, expiresAt));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidLinkException invalid) {
                throw invalid;
            }
            throw new InvalidLinkException("malformed link");
        }
    }

    private static byte[] mac(byte[] key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SignedLinks" + stores.keySet();
    }
}

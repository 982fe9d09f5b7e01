package io.cartrecovery.core.internal;

import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.links.InvalidLinkException;
import io.cartrecovery.core.links.LinkClaims;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** What customers do with messages: unsubscribe, open, click, see a popup. Every token is verified first. */
final class Engagement {
    private final RecoveryStore store;
    private final SignedLinks links;
    private final Clock clock;
    private final BiConsumer<String, String> optOut;

    Engagement(RecoveryStore store, SignedLinks links, Clock clock, BiConsumer<String, String> optOut) {
        this.store = store;
        this.links = links;
        this.clock = clock;
        this.optOut = optOut;
    }

    void unsubscribe(String storeId, String token) {
        RecoverySequence sequence = sequenceOf(verify(storeId, LinkPurpose.UNSUBSCRIBE, token));
        optOut.accept(storeId, sequence.customerId());
    }

    /** Records the first open of each message; later loads of its pixel change nothing. */
    void recordOpen(String storeId, String token) {
        LinkClaims claims = verify(storeId, LinkPurpose.OPEN, token);
        RecoverySequence sequence = sequenceOf(claims);
        store.appendOnce(RecoveryEvent.messageOpened(sequence, claims.stepId(), clock.instant()),
                "open:" + digest(sequence.id(), claims.stepId()));
    }

    URI click(String storeId, String token) {
        LinkClaims claims = verify(storeId, LinkPurpose.CLICK, token);
        if (!links.isAllowedRedirect(storeId, claims.target())) {
            throw new InvalidLinkException("link target is not one of the store's domains");
        }
        RecoverySequence sequence = sequenceOf(claims);
        // The first click of each link of a message is recorded; repeated clicks redirect and record nothing.
        store.appendOnce(RecoveryEvent.messageClicked(sequence, claims.stepId(), claims.target(), clock.instant()),
                "click:" + digest(sequence.id(), claims.stepId(), claims.target()));
        return URI.create(claims.target());
    }

    Optional<PendingPopup> takePopup(String storeId, String storefrontToken) {
        Instant now = clock.instant();
        Optional<PendingPopup> popup = store.takePopup(storeId, storefrontToken, now);
        if (popup.isEmpty()) {
            return popup;
        }
        // A purchase, opt-out or stop since the popup was stored wins: it is dropped, not shown.
        Optional<RecoverySequence> sequence = store.sequence(storeId, popup.get().sequenceId())
                .filter(RecoverySequence::isActive);
        sequence.ifPresent(active -> store.append(List.of(
                RecoveryEvent.popupShown(active, popup.get().stepId(), clock.instant()))));
        return sequence.isPresent() ? popup : Optional.empty();
    }

    void suppressAddress(String storeId, String email, String reason) {
        store.suppress(storeId, SuppressionKey.email(email), reason, clock.instant());
    }

    private LinkClaims verify(String storeId, LinkPurpose purpose, String token) {
        if (links == null) {
            throw new InvalidLinkException("no link configuration");
        }
        return links.verify(storeId, purpose, token);
    }

    private RecoverySequence sequenceOf(LinkClaims claims) {
        return store.sequence(claims.storeId(), claims.sequenceId())
                .orElseThrow(() -> new InvalidLinkException("link names an unknown sequence"));
    }

    /** A short digest of the parts (ids and link targets hold no line breaks), so that keys stay short. */
    private static String digest(String... parts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

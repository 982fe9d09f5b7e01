package io.cartrecovery.core.spi;

import io.cartrecovery.core.PendingPopup;

import java.time.Instant;
import java.util.Optional;

/** On-site popups waiting for their storefront token. */
public interface PopupStore {

    /** Stores a popup for its storefront token, replacing one already waiting there. */
    void savePopup(PendingPopup popup);

    /** Removes and returns the popup waiting for {@code storefrontToken}, unless it expired before {@code now}. */
    Optional<PendingPopup> takePopup(String storeId, String storefrontToken, Instant now);
}

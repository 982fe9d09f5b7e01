package io.cartrecovery.core.internal;

import io.cartrecovery.core.spi.PopupStore;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The built-in popup channel: delivering a popup stores it for the cart's storefront token, where the
 * storefront picks it up once. A popup not shown before the next step is due expires.
 */
final class PopupInbox implements Sender {
    static final Duration LAST_STEP_TTL = Duration.ofHours(24);

    private final PopupStore store;
    private final Clock clock;

    PopupInbox(PopupStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public SendResult send(Delivery delivery) {
        String token = delivery.cart().storefrontToken();
        if (token == null) {
            return SendResult.permanentFailure("cart has no storefront token");
        }
        Instant expiresAt = delivery.validUntil() != null ? delivery.validUntil()
                : clock.instant().plus(LAST_STEP_TTL);
        String code = delivery.step().incentive() == null ? null : delivery.step().incentive().code();
        store.savePopup(new PendingPopup(delivery.storeId(), token, delivery.sequenceId(), delivery.step().id(),
                delivery.message().subject(), delivery.message().textBody(), delivery.message().callToAction(), code,
                delivery.cart().restoreUrl(), expiresAt));
        return SendResult.delivered();
    }
}

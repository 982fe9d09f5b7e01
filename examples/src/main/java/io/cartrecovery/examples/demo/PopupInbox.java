package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The popup {@link Sender} of the demo: keeps each popup in memory, keyed by the cart's storefront token, as a
 * storefront would fetch it. The core's popup channel (issue 6) replaces this.
 */
final class PopupInbox implements Sender {

    /** One popup waiting for the customer's next visit. */
    record PendingPopup(String storefrontToken, String sequenceId, String stepId, String title, String text,
                        String callToAction, Instant at) {}

    private final Clock clock;
    private final List<PendingPopup> popups = new ArrayList<>();

    PopupInbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized SendResult send(Delivery delivery) {
        if (delivery.cart().storefrontToken() == null) {
            return SendResult.permanentFailure("no storefront token");
        }
        popups.add(new PendingPopup(delivery.cart().storefrontToken(), delivery.sequenceId(), delivery.step().id(),
                delivery.message().subject(), delivery.message().textBody(), delivery.message().callToAction(),
                clock.instant()));
        return SendResult.delivered();
    }

    synchronized List<PendingPopup> popups() {
        return List.copyOf(popups);
    }
}

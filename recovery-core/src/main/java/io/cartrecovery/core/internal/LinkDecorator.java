package io.cartrecovery.core.internal;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.core.text.Html;

import java.net.URI;
import java.util.Optional;

/**
 * Puts signed links into a message: the restore link becomes a tracked click, emails get an open pixel and an
 * unsubscribe footer. Without a link configuration for the store, messages pass unchanged.
 */
final class LinkDecorator {
    private final SignedLinks links;

    LinkDecorator(SignedLinks links) {
        this.links = links;
    }

    private Optional<StoreLinks> store(String storeId) {
        return links == null ? Optional.empty() : links.store(storeId);
    }

    /** The cart as the message should link to it: its restore URL tracked when tracking is on. */
    Cart trackedCart(Cart cart, RecoverySequence sequence, StepDefinition step) {
        boolean tracked = store(cart.storeId()).map(StoreLinks::trackingEnabled).orElse(false);
        if (!tracked || cart.restoreUrl() == null || !links.isAllowedRedirect(cart.storeId(), cart.restoreUrl())) {
            return cart;
        }
        URI click = links.url(cart.storeId(), LinkPurpose.CLICK, sequence.id(), step.id(), cart.restoreUrl());
        return new Cart(cart.storeId(), cart.cartId(), cart.customerId(), cart.storefrontToken(), cart.currency(),
                cart.items(), cart.total(), click.toString(), cart.lastActivityAt());
    }

    /** The signed one-click unsubscribe URL of an email step, or {@code null}. */
    URI unsubscribeUrl(RecoverySequence sequence, StepDefinition step) {
        if (step.channel() != Channel.EMAIL || store(sequence.storeId()).isEmpty()) {
            return null;
        }
        return links.url(sequence.storeId(), LinkPurpose.UNSUBSCRIBE, sequence.id(), step.id(), null);
    }

    /** Adds the unsubscribe footer and, with tracking on, the open pixel to an email. */
    Message decorate(Message message, RecoverySequence sequence, StepDefinition step, URI unsubscribe) {
        if (unsubscribe == null) {
            return message;
        }
        String href = Html.escape(unsubscribe.toString());
        String body = message.htmlBody();
        int end = body.lastIndexOf("</body>"); // a complete document gets the footer inside its body
        int at = end >= 0 ? end : body.length();
        StringBuilder html = new StringBuilder(body.length() + 400).append(body, 0, at)
                .append("<p style=\"font-size:12px;color:#666\"><a href=\"").append(href)
                .append("\">Unsubscribe</a></p>");
        if (store(sequence.storeId()).map(StoreLinks::trackingEnabled).orElse(false)) {
            URI pixel = links.url(sequence.storeId(), LinkPurpose.OPEN, sequence.id(), step.id(), null);
            html.append("<img src=\"").append(Html.escape(pixel.toString()))
                    .append("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");
        }
        html.append(body, at, body.length());
        String text = message.textBody() + "\n\nUnsubscribe: " + unsubscribe + "\n";
        return new Message(message.subject(), message.preheader(), text, html.toString(), message.callToAction());
    }
}

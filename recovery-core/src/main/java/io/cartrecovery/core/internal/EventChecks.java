package io.cartrecovery.core.internal;

import io.cartrecovery.core.Abandonment;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.links.SignedLinks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The checks of store events that need the engine's configuration: a restore URL must be at most
 * {@link Limits#MAX_URL_LENGTH} characters (so that its click token verifies) and on one of the store's redirect
 * hosts when the store has {@link SignedLinks}, and no activity time may lie more than
 * {@link Limits#MAX_CLOCK_SKEW} after the engine clock's now. A {@code null} event or item is left to the
 * caller's own check. Failures are {@link IllegalArgumentException}s naming the field from {@code field}.
 */
final class EventChecks {
    private EventChecks() {}

    /** {@code cart} as {@code cartUpdated} gets it. */
    static void cart(Cart cart, String field, SignedLinks links, Clock clock) {
        if (cart != null) {
            cart(cart, field, links, latest(clock));
        }
    }

    /** {@code order} as {@code orderPlaced} gets it. */
    static void order(Order order, String field, Clock clock) {
        if (order != null) {
            notAfter(order.placedAt(), latest(clock), field + ".placedAt");
        }
    }

    /** Every item of a {@code cartsAbandoned} batch, named by index: {@code abandonments[3].cart.restoreUrl}. */
    static void abandonments(List<Abandonment> abandonments, SignedLinks links, Clock clock) {
        if (abandonments == null) {
            return;
        }
        Instant latest = latest(clock);
        for (int i = 0; i < abandonments.size(); i++) {
            Abandonment item = abandonments.get(i);
            if (item != null) {
                cart(item.cart(), "abandonments[" + i + "].cart", links, latest);
            }
        }
    }

    /** Every order of an {@code ordersPlaced} batch, named by index: {@code orders[3].placedAt}. */
    static void orders(List<Order> orders, Clock clock) {
        if (orders == null) {
            return;
        }
        Instant latest = latest(clock);
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i) != null) {
                notAfter(orders.get(i).placedAt(), latest, "orders[" + i + "].placedAt");
            }
        }
    }

    private static void cart(Cart cart, String field, SignedLinks links, Instant latest) {
        notAfter(cart.lastActivityAt(), latest, field + ".lastActivityAt");
        if (cart.restoreUrl() != null && cart.restoreUrl().length() > Limits.MAX_URL_LENGTH) {
            throw new IllegalArgumentException(field + ".restoreUrl must be at most " + Limits.MAX_URL_LENGTH
                    + " characters"); // a Cart holds longer ones only to carry the engine's tracked click link
        }
        if (cart.restoreUrl() != null && links != null && links.store(cart.storeId()).isPresent()
                && !links.isAllowedRedirect(cart.storeId(), cart.restoreUrl())) {
            throw new IllegalArgumentException(field + ".restoreUrl must be on one of the store's redirect hosts");
        }
    }

    /** An abandonment time, as {@code cartAbandoned} and {@code cartsAbandoned} get it. */
    static void abandonedAt(Instant abandonedAt, String field, Clock clock) {
        notAfter(abandonedAt, latest(clock), field);
    }

    private static Instant latest(Clock clock) {
        return clock.instant().plus(Limits.MAX_CLOCK_SKEW);
    }

    private static void notAfter(Instant at, Instant latest, String field) {
        if (at.isAfter(latest)) {
            throw new IllegalArgumentException(field + " must not be more than " + Limits.MAX_CLOCK_SKEW.toMinutes()
                    + " minutes in the future");
        }
    }
}

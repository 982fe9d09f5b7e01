package io.cartrecovery.core.internal;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An order stops the cart's and the customer's active sequences and is attributed to them. */
final class Purchases {
    private final RecoveryStore store;
    private final SequenceWriter writer;

    Purchases(RecoveryStore store, SequenceWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Stops every active sequence of the order's cart or customer as {@code PURCHASED}, recording the value. */
    void placed(Order order, StoreSettings settings, Instant now) {
        List<RecoverySequence> candidates = new ArrayList<>();
        if (order.cartId() != null) {
            store.sequencesOfCart(order.storeId(), order.cartId()).stream()
                    .filter(RecoverySequence::isActive).forEach(candidates::add);
        }
        if (order.customerId() != null) {
            store.activeSequenceOfCustomer(order.storeId(), order.customerId())
                    .filter(s -> candidates.stream().noneMatch(c -> c.id().equals(s.id())))
                    .ifPresent(candidates::add);
        }
        if (candidates.isEmpty() && order.cartId() != null) {
            attributeAfterEnd(order, settings, now);
        }
        for (RecoverySequence candidate : candidates) {
            writer.update(candidate, current -> current.isActive() ? current.stop(StopReason.PURCHASED, now) : null,
                    stopped -> List.of(
                            RecoveryEvent.of(stopped, EventType.CART_RECOVERED, null, order.total(), order.orderId(),
                                    now),
                            StepExecutor.stopEvent(stopped, now)));
        }
    }

    /**
     * A purchase after the cart's sequence ended (completed, expired, stopped) still counts as recovered when it
     * comes within the attribution window of the last message sent (or, for a holdout, of the last step skipped):
     * the event is appended, the ended sequence stays as it is.
     */
    private void attributeAfterEnd(Order order, StoreSettings settings, Instant now) {
        List<RecoverySequence> ofCart = store.sequencesOfCart(order.storeId(), order.cartId());
        if (ofCart.isEmpty()) {
            return;
        }
        RecoverySequence last = ofCart.get(ofCart.size() - 1);
        if (last.isActive() || last.stopReason() == StopReason.PURCHASED) {
            return;
        }
        Instant lastMessage = null;
        for (StepOutcome outcome : last.outcomes()) {
            if (outcome.status() == StepStatus.SENT || StepExecutor.HOLDOUT.equals(outcome.reason())) {
                lastMessage = outcome.at();
            }
        }
        if (lastMessage == null || now.isAfter(lastMessage.plus(settings.attributionWindow()))
                || store.eventsOfSequence(order.storeId(), last.id()).stream()
                        .anyMatch(e -> e.type() == EventType.CART_RECOVERED)) {
            return;
        }
        store.append(List.of(RecoveryEvent.of(last, EventType.CART_RECOVERED, null, order.total(), order.orderId(),
                now)));
    }
}

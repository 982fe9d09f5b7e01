package io.cartrecovery.core.internal;

import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order stops the cart's and the customer's active sequences and is attributed to them, at the time it was
 * placed, not when it was reported (webhooks come late and out of order): the {@code CART_RECOVERED} event and the
 * stop carry that time (see {@link #purchasedAt}), so analytics credit the last message delivered before it. The
 * rules are applied by {@link Batches}; a single order is a batch of one.
 */
final class Purchases {
    private Purchases() {}

    /** The active sequences of the order's cart, and the customer's active sequence if it is another one. */
    static List<RecoverySequence> candidates(List<RecoverySequence> ofCart, RecoverySequence activeOfCustomer) {
        List<RecoverySequence> candidates = new ArrayList<>();
        ofCart.stream().filter(RecoverySequence::isActive).forEach(candidates::add);
        if (activeOfCustomer != null && candidates.stream().noneMatch(c -> c.id().equals(activeOfCustomer.id()))) {
            candidates.add(activeOfCustomer);
        }
        return candidates;
    }

    /**
     * When the order bought into {@code sequence}: its {@code placedAt}, but never before the sequence started
     * (an order placed before it ends it at its start) nor after {@code now} (a store clock slightly ahead).
     */
    static Instant purchasedAt(Order order, RecoverySequence sequence, Instant now) {
        Instant at = order.placedAt().isBefore(sequence.startedAt()) ? sequence.startedAt() : order.placedAt();
        return at.isAfter(now) ? now : at;
    }

    /** The active {@code sequence} stopped as {@code PURCHASED}, ended when the order was placed. */
    static RecoverySequence stopped(Order order, RecoverySequence sequence, Instant now) {
        return sequence.stop(StopReason.PURCHASED, purchasedAt(order, sequence, now));
    }

    /** The events of a sequence the order stopped: the recovered value, then the stop, both at the purchase time. */
    static List<RecoveryEvent> stopEvents(Order order, RecoverySequence stopped, Instant now) {
        return List.of(recovered(order, stopped, now), RecoveryEvent.sequenceStopped(stopped, stopped.endedAt()));
    }

    /** The order's value recorded for {@code sequence}, at the purchase time. */
    static RecoveryEvent recovered(Order order, RecoverySequence sequence, Instant now) {
        return RecoveryEvent.cartRecovered(sequence, order, purchasedAt(order, sequence, now));
    }

    /**
     * A purchase after the cart's sequence ended (completed, expired, stopped) is still recorded for it when it
     * was placed within the attribution window of the last step that ran (sent, skipped or failed) at or before
     * it; analytics then decide whether a delivered message recovered it. The event is appended, the ended
     * sequence stays as it is. Returns that ended sequence, or {@code null}; the caller still checks that it was
     * not recovered already.
     */
    static RecoverySequence attributable(List<RecoverySequence> ofCart, Order order, StoreSettings settings,
                                         Instant now) {
        if (ofCart.isEmpty()) {
            return null;
        }
        RecoverySequence last = ofCart.get(ofCart.size() - 1);
        if (last.isActive() || last.stopReason() == StopReason.PURCHASED) {
            return null;
        }
        Instant purchasedAt = purchasedAt(order, last, now);
        Instant lastStep = null;
        for (StepOutcome outcome : last.outcomes()) {
            if (!outcome.at().isAfter(purchasedAt) && (lastStep == null || outcome.at().isAfter(lastStep))) {
                lastStep = outcome.at();
            }
        }
        return lastStep == null || purchasedAt.isAfter(lastStep.plus(settings.attributionWindow())) ? null : last;
    }
}

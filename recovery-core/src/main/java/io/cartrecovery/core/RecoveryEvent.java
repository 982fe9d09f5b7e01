package io.cartrecovery.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One entry of a store's event log; analytics are computed from these.
 *
 * @param storeId    the store
 * @param type       what happened
 * @param sequenceId the sequence concerned, or {@code null}
 * @param cartId     the cart concerned, or {@code null}
 * @param customerId the customer concerned, or {@code null}
 * @param stepId     the step concerned, or {@code null}
 * @param variant    the sequence's experiment variant, or {@code null}
 * @param value      money involved (recovered order value), or {@code null}
 * @param detail     short machine-readable detail (a skip reason, a stop reason), or {@code null}
 * @param at         when it happened
 */
public record RecoveryEvent(String storeId, EventType type, String sequenceId, String cartId, String customerId,
                            String stepId, String variant, BigDecimal value, String detail, Instant at) {

    public RecoveryEvent {
        Checks.id(storeId, "storeId");
        Checks.notNull(type, "type");
        Checks.notNull(at, "at");
    }

    /**
     * An event of any type about {@code sequence}, carrying its ids and variant: for stores' and hosts' own
     * tests. The engine makes each type with its own factory below, so that each type's fields mean one thing.
     */
    public static RecoveryEvent of(RecoverySequence sequence, EventType type, String stepId, BigDecimal value,
                                   String detail, Instant at) {
        return new RecoveryEvent(sequence.storeId(), type, sequence.id(), sequence.cartId(), sequence.customerId(),
                stepId, sequence.variant(), value, detail, at);
    }

    /**
     * This event as it stays after its customer was erased: the same type, time, sequence, step, variant and
     * value, so that analytics count it as before, but no customer id, no cart id, and no detail but the ones the
     * engine writes from its own vocabulary for analytics (a started sequence's type, a stop reason).
     */
    public RecoveryEvent erased() {
        boolean keepDetail = type == EventType.SEQUENCE_STARTED || type == EventType.SEQUENCE_STOPPED;
        return new RecoveryEvent(storeId, type, sequenceId, null, null, stepId, variant, value,
                keepDetail ? detail : null, at);
    }

    /** {@code SEQUENCE_STARTED}: the cart's value at the start, the segment as detail. */
    public static RecoveryEvent sequenceStarted(RecoverySequence sequence, BigDecimal cartTotal, Instant at) {
        return of(sequence, EventType.SEQUENCE_STARTED, null, cartTotal, sequence.type().name(), at);
    }

    /** {@code STEP_SENT}, {@code STEP_SKIPPED} or {@code STEP_FAILED} after the outcome's status; its reason as detail. */
    public static RecoveryEvent stepOutcome(RecoverySequence sequence, StepOutcome outcome, Instant at) {
        EventType type = switch (outcome.status()) {
            case SENT -> EventType.STEP_SENT;
            case SKIPPED -> EventType.STEP_SKIPPED;
            case FAILED -> EventType.STEP_FAILED;
        };
        return of(sequence, type, outcome.stepId(), null, outcome.reason(), at);
    }

    /** {@code STEP_RETRY_SCHEDULED}: the step runs again; why, as detail. */
    public static RecoveryEvent retryScheduled(RecoverySequence sequence, String stepId, String detail, Instant at) {
        return of(sequence, EventType.STEP_RETRY_SCHEDULED, stepId, null, detail, at);
    }

    /** {@code MESSAGE_FALLBACK}: the generator failed and the templates wrote the message; the failure as detail. */
    public static RecoveryEvent messageFallback(RecoverySequence sequence, String stepId, String cause, Instant at) {
        return of(sequence, EventType.MESSAGE_FALLBACK, stepId, null, cause, at);
    }

    /** {@code SEQUENCE_STOPPED}, its stop reason as detail. */
    public static RecoveryEvent sequenceStopped(RecoverySequence stopped, Instant at) {
        return of(stopped, EventType.SEQUENCE_STOPPED, null, null, stopped.stopReason().name(), at);
    }

    /** {@code SEQUENCE_COMPLETED}: every step ran. */
    public static RecoveryEvent sequenceCompleted(RecoverySequence completed, Instant at) {
        return of(completed, EventType.SEQUENCE_COMPLETED, null, null, null, at);
    }

    /** {@code CART_RECOVERED} at the purchase time: the order's total, its id as detail. */
    public static RecoveryEvent cartRecovered(RecoverySequence sequence, Order order, Instant purchasedAt) {
        return of(sequence, EventType.CART_RECOVERED, null, order.total(), order.orderId(), purchasedAt);
    }

    /** {@code MESSAGE_OPENED}: the step's tracking pixel loaded. */
    public static RecoveryEvent messageOpened(RecoverySequence sequence, String stepId, Instant at) {
        return of(sequence, EventType.MESSAGE_OPENED, stepId, null, null, at);
    }

    /** {@code MESSAGE_CLICKED}: a tracked link of the step was followed; its target as detail. */
    public static RecoveryEvent messageClicked(RecoverySequence sequence, String stepId, String target, Instant at) {
        return of(sequence, EventType.MESSAGE_CLICKED, stepId, null, target, at);
    }

    /** {@code POPUP_SHOWN}: the storefront showed the step's popup. */
    public static RecoveryEvent popupShown(RecoverySequence sequence, String stepId, Instant at) {
        return of(sequence, EventType.POPUP_SHOWN, stepId, null, null, at);
    }

    /** {@code CUSTOMER_OPTED_OUT}: the customer opted out of every sequence of the store. */
    public static RecoveryEvent optedOut(String storeId, String customerId, Instant at) {
        return new RecoveryEvent(storeId, EventType.CUSTOMER_OPTED_OUT, null, null, customerId, null, null, null,
                null, at);
    }
}

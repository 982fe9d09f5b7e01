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

    /** An event about {@code sequence}, carrying its ids and variant. */
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

    /** The customer opted out of every sequence of the store. */
    public static RecoveryEvent optedOut(String storeId, String customerId, Instant at) {
        return new RecoveryEvent(storeId, EventType.CUSTOMER_OPTED_OUT, null, null, customerId, null, null, null,
                null, at);
    }
}

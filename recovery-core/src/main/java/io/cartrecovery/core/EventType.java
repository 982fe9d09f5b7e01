package io.cartrecovery.core;

/** Kinds of entries in a store's event log. */
public enum EventType {
    CART_ABANDONED,
    SEQUENCE_STARTED,
    STEP_SENT,
    STEP_SKIPPED,
    STEP_RETRY_SCHEDULED,
    STEP_FAILED,
    MESSAGE_FALLBACK,
    POPUP_SHOWN,
    MESSAGE_OPENED,
    MESSAGE_CLICKED,
    CART_RECOVERED,
    SEQUENCE_STOPPED,
    SEQUENCE_COMPLETED,
    CUSTOMER_OPTED_OUT
}

package io.cartrecovery.core;

/** The ways a recovery message reaches a customer. */
public enum Channel {
    /** An on-site popup the storefront shows on the customer's next visit. */
    POPUP,
    /** An email to the customer's address. */
    EMAIL
}

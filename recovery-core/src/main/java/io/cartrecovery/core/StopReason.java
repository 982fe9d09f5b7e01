package io.cartrecovery.core;

/** Why a sequence stopped before its last step. */
public enum StopReason {
    /** The customer bought. */
    PURCHASED,
    /** The customer opted out of marketing. */
    OPTED_OUT,
    /** Someone stopped it through the management API. */
    MANUAL,
    /** A newer abandoned cart of the same customer took over. */
    SUPERSEDED,
    /** It ran too late to be useful. */
    EXPIRED,
    /** No channel of its remaining steps can reach the customer. */
    UNREACHABLE,
    /** The customer's data was erased ({@code RecoveryEngine#eraseCustomer}). */
    ERASED
}

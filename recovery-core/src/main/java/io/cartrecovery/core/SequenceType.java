package io.cartrecovery.core;

/** The recovery sequence a cart gets, chosen by segmentation. */
public enum SequenceType {
    FIRST_TIME,
    RETURNING,
    HIGH_VALUE,
    LOW_STOCK
}

package io.cartrecovery.core;

/**
 * Names one timer: the next step of a sequence, or the abandonment check of a cart.
 *
 * @param kind    what the timer is for
 * @param storeId the store
 * @param id      the sequence id or cart id
 */
public record TimerKey(Kind kind, String storeId, String id) {

    /** What a timer is for. */
    public enum Kind {
        /** The next step of a sequence (or the lease check of an in-flight one). */
        SEQUENCE,
        /** The moment an inactive cart counts as abandoned. */
        CART
    }

    public TimerKey {
        Checks.notNull(kind, "kind");
        Checks.id(storeId, "storeId");
        Checks.id(id, "id");
    }

    public static TimerKey sequence(String storeId, String sequenceId) {
        return new TimerKey(Kind.SEQUENCE, storeId, sequenceId);
    }

    public static TimerKey cart(String storeId, String cartId) {
        return new TimerKey(Kind.CART, storeId, cartId);
    }
}

package io.cartrecovery.core;

/** A store, cart or sequence that the caller named does not exist (in that store). */
public class NotFoundException extends RecoveryException {
    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id) {
        super(kind + " not found: " + id);
        this.kind = kind;
        this.id = id;
    }

    /** The same, naming where the caller gave the id, as in {@code abandonments[3].cart.storeId}. */
    public NotFoundException(String kind, String id, String field) {
        super(field + ": " + kind + " not found: " + id);
        this.kind = kind;
        this.id = id;
    }

    /** What was looked for: {@code store}, {@code cart}, {@code sequence}. */
    public String kind() {
        return kind;
    }

    /** The id that was not found. */
    public String id() {
        return id;
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoveryException;

/**
 * The database's cart recovery schema is missing or older than this code needs: thrown when a store built with
 * {@code migrate(false)} finds it so. Apply the missing scripts (the built-in migrator, or the host's Flyway with a
 * history table of their own) and build the store again.
 */
public class SchemaVersionException extends RecoveryException {
    private final int found;
    private final int required;

    SchemaVersionException(int found, int required, String message) {
        super(message);
        this.found = found;
        this.required = required;
    }

    /** The version the database records, 0 when no cart recovery schema was found. */
    public int found() {
        return found;
    }

    /** The version this code needs: that of its newest script. */
    public int required() {
        return required;
    }
}

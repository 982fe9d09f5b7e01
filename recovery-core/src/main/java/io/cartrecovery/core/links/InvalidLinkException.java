package io.cartrecovery.core.links;

import io.cartrecovery.core.RecoveryException;

/** A link token that is malformed, forged, expired, for another store or for another purpose. Nothing was recorded. */
public class InvalidLinkException extends RecoveryException {

    public InvalidLinkException(String message) {
        super(message);
    }
}

package io.cartrecovery.shopify;

import io.cartrecovery.core.RecoveryException;

/**
 * A delivery refused before its payload was read: a bad signature (401), an unknown shop domain (404) or a
 * missing header (400). Nothing was stored. The message is the header's name followed by the reason; it never
 * repeats a header's value.
 */
public class WebhookRejectedException extends RecoveryException {
    private final int httpStatus;
    private final String header;
    private final String reason;

    WebhookRejectedException(int httpStatus, String header, String reason) {
        super(header + " " + reason);
        this.httpStatus = httpStatus;
        this.header = header;
        this.reason = reason;
    }

    /** The HTTP status to answer: 400, 401 or 404. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The header at fault, such as {@code X-Shopify-Hmac-Sha256}. */
    public String header() {
        return header;
    }

    /** Why, without the header's name: {@code is not a valid signature of the body}. */
    public String reason() {
        return reason;
    }
}

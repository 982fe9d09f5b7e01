package io.cartrecovery.core.links;

/** What a signed link does when followed; a token signed for one purpose is rejected for any other. */
public enum LinkPurpose {
    /** One-click unsubscribe (RFC 8058) and the footer link. */
    UNSUBSCRIBE,
    /** The open-tracking pixel. */
    OPEN,
    /** A tracked click that redirects to one of the store's own pages. */
    CLICK
}

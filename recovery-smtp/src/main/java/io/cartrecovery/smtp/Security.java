package io.cartrecovery.smtp;

/** How the connection to the SMTP server is protected. */
public enum Security {
    /** Plain connection upgraded with STARTTLS; the upgrade is required, never skipped. Default port 587. */
    STARTTLS(587),
    /** TLS from the first byte (SMTPS). Default port 465. */
    IMPLICIT_TLS(465),
    /** No encryption at all: only for a relay on the same host or network, and for tests. Default port 25. */
    NONE(25);

    private final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port used when the builder is given none. */
    public int defaultPort() {
        return defaultPort;
    }
}

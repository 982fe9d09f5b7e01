package io.cartrecovery.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One SMTP connection kept open across messages. Used by one thread at a time (the pool hands it out).
 * Opens lazily, checks a connection that sat idle with a NOOP before trusting it, and reopens after a drop.
 */
final class SmtpConnection {
    private final Transport transport;
    private final SmtpSender.Endpoint endpoint;
    private final Clock clock;
    private final Duration idleCheck;
    private boolean open;
    private Instant lastUsed = Instant.MIN;

    SmtpConnection(Session session, SmtpSender.Endpoint endpoint, Clock clock, Duration idleCheck) {
        try {
            this.transport = session.getTransport("smtp");
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("no SMTP provider on the class path (angus-mail)", e);
        }
        this.endpoint = endpoint;
        this.clock = clock;
        this.idleCheck = idleCheck;
    }

    void send(MimeMessage message, Address recipient) throws MessagingException {
        Instant now = clock.instant();
        if (open && now.isAfter(lastUsed.plus(idleCheck)) && !transport.isConnected()) { // NOOP; closes if dead
            open = false;
        }
        if (!open) {
            endpoint.connect(transport);
            open = true;
        }
        lastUsed = now;
        transport.sendMessage(message, new Address[] {recipient});
    }

    /** Closes the connection (QUIT when it still answers); the next send opens a new one. */
    void close() {
        open = false;
        try {
            transport.close();
        } catch (MessagingException e) {
            // Already broken: nothing left to release.
        }
    }
}

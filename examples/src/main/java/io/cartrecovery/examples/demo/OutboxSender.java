package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An email {@link Sender} that writes each message as an RFC 5322 {@code .eml} file (multipart/alternative, plain
 * text first, UTF-8, {@code List-Unsubscribe} one-click headers when the delivery has a signed unsubscribe URL)
 * into a folder, so a user can open what the engine sent in any mail client. The stand-in for recovery-smtp's
 * {@code SmtpSender} in the demo.
 */
public final class OutboxSender implements Sender {
    private final Path folder;
    private final String senderDomain;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());
    private final Set<Path> written = ConcurrentHashMap.newKeySet();

    /** Writes into {@code folder} (created if missing), with sender addresses at {@code senderDomain}. */
    public OutboxSender(Path folder, String senderDomain, Clock clock) {
        this.folder = folder;
        this.senderDomain = senderDomain;
        this.clock = clock;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox " + folder, e);
        }
    }

    @Override
    public SendResult send(Delivery delivery) {
        Path file = folder.resolve(delivery.idempotencyKey().replace(':', '_') + ".eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 16_384)) {
            toMime(delivery).writeTo(out);
        } catch (IOException | MessagingException e) {
            return SendResult.transientFailure("outbox write failed: " + e.getClass().getSimpleName());
        }
        written.add(file);
        return SendResult.delivered();
    }

    /** Messages written so far (a message written again after a failed attempt counts once). */
    int written() {
        return written.size();
    }

    /** Whether {@code file} is one of the messages written so far. */
    boolean wrote(Path file) {
        return written.contains(file);
    }

    Path folder() {
        return folder;
    }

    private MimeMessage toMime(Delivery delivery) throws MessagingException, IOException {
        io.cartrecovery.core.Message message = delivery.message();
        String messageId = "<" + delivery.idempotencyKey().replace(':', '.') + "@" + senderDomain + ">";
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // the engine's idempotency key: receivers deduplicate on it
            }
        };
        mime.setFrom(new InternetAddress("shop@" + senderDomain, "Demo Store", "UTF-8"));
        mime.setRecipient(Message.RecipientType.TO,
                new InternetAddress(delivery.customer().email(), delivery.customer().firstName(), "UTF-8"));
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(Date.from(clock.instant()));
        if (delivery.unsubscribeUrl() != null) { // RFC 8058 one-click, as SmtpSender writes it
            mime.setHeader("List-Unsubscribe", "<" + delivery.unsubscribeUrl().toASCIIString() + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart(message.textBody(), "plain"));
        alternative.addBodyPart(textPart(htmlDocument(message), "html"));
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    /**
     * A UTF-8 text part in quoted-printable, named up front: left to itself, Jakarta Mail encodes every part once
     * more only to choose an encoding, a tenth of the outbox's time.
     */
    private static MimeBodyPart textPart(String body, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(body, "UTF-8", subtype);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    /** The generator may write a fragment; mail clients want a document, with the preheader hidden on top. */
    private static String htmlDocument(io.cartrecovery.core.Message message) {
        String body = message.htmlBody();
        if (body.regionMatches(true, 0, "<!doctype", 0, 9) || body.regionMatches(true, 0, "<html", 0, 5)) {
            return body;
        }
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
                + "<span style=\"display:none\">" + HtmlReport.esc(message.preheader()) + "</span>"
                + body + "</body></html>";
    }
}

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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An email {@link Sender} that writes each message as an RFC 5322 {@code .eml} file (multipart/alternative, plain
 * text first, UTF-8, {@code List-Unsubscribe} one-click headers when the delivery has a signed unsubscribe URL)
 * into a folder, so a user can open what the engine sent in any mail client. The stand-in for recovery-smtp's
 * {@code SmtpSender} in the demo. {@link #of} writes the file before {@code send} returns and reports a failed
 * write as a transient failure; {@link #writingBehind} accepts the message as a relay would and writes it on a
 * thread of its own, so that a simulation on one thread uses the second core for the files (a tenth of the demo's
 * time); {@link #flush} waits for the files and reports what could not be written.
 */
public final class OutboxSender implements Sender, AutoCloseable {
    /** Messages accepted but not yet written; when full, {@code send} writes the message itself. */
    private static final int QUEUE = 256;

    private final Path folder;
    private final String senderDomain;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());
    private final Set<Path> written = ConcurrentHashMap.newKeySet();
    /** The writer thread, or {@code null} when {@code send} writes. */
    private final ThreadPoolExecutor writer;
    private final Object writing = new Object();
    /** Messages accepted but not yet written (or failed); guarded by {@link #writing}. */
    private int pending;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    private OutboxSender(Path folder, String senderDomain, Clock clock, boolean behind) {
        this.folder = folder;
        this.senderDomain = senderDomain;
        this.clock = clock;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox " + folder, e);
        }
        this.writer = behind ? new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "outbox-writer");
                    thread.setDaemon(true);
                    return thread;
                }, (task, executor) -> { // a full queue: the sender writes; a closed outbox: refused
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("the outbox is closed");
                    }
                    task.run();
                }) : null;
    }

    /** Writes into {@code folder} (created if missing) before each send returns; senders at {@code senderDomain}. */
    public static OutboxSender of(Path folder, String senderDomain, Clock clock) {
        return new OutboxSender(folder, senderDomain, clock, false);
    }

    /** Writes into {@code folder} (created if missing) on a thread of its own; senders at {@code senderDomain}. */
    public static OutboxSender writingBehind(Path folder, String senderDomain, Clock clock) {
        return new OutboxSender(folder, senderDomain, clock, true);
    }

    @Override
    public SendResult send(Delivery delivery) {
        Path file = folder.resolve(delivery.idempotencyKey().replace(':', '_') + ".eml");
        Date sent = Date.from(clock.instant()); // now, not when the writer gets to it
        if (writer == null) {
            try {
                write(file, delivery, sent);
            } catch (IOException | MessagingException e) {
                return SendResult.transientFailure("outbox write failed: " + e.getClass().getSimpleName());
            }
        } else {
            synchronized (writing) {
                pending++;
            }
            Runnable task = () -> {
                try {
                    write(file, delivery, sent);
                } catch (IOException | MessagingException | RuntimeException e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                } finally {
                    done();
                }
            };
            try {
                writer.execute(task);
            } catch (RejectedExecutionException e) {
                done();
                throw new IllegalStateException("the outbox is closed", e);
            }
        }
        return SendResult.delivered();
    }

    /** One accepted message is written, or failed. */
    private void done() {
        synchronized (writing) {
            if (--pending == 0) {
                writing.notifyAll();
            }
        }
    }

    private void write(Path file, Delivery delivery, Date sent) throws IOException, MessagingException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 16_384)) {
            toMime(delivery, sent).writeTo(out);
        }
        written.add(file);
    }

    /**
     * Waits until every message accepted so far is written, by the writer thread or by a {@code send} that found
     * the queue full.
     *
     * @throws UncheckedIOException when a message could not be written (the first cause attached)
     */
    void flush() {
        synchronized (writing) {
            while (pending > 0) {
                try {
                    writing.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the outbox was writing", e);
                }
            }
        }
        throwIfAWriteFailed();
    }

    /** Writes what is still queued and stops the writer thread; a later {@code send} throws. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            if (writer != null) {
                writer.shutdown();
            }
        }
    }

    private void throwIfAWriteFailed() {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new UncheckedIOException(new IOException(failures.get() + " message(s) could not be written to "
                    + folder, failure));
        }
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

    private MimeMessage toMime(Delivery delivery, Date sent) throws MessagingException, IOException {
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
        mime.setSentDate(sent);
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

package io.cartrecovery.smtp;

import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Message;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/** Turns a {@link Delivery} into a MIME message; checks every header value before anything is built. */
final class MimeComposer {
    static final String UTF_8 = "UTF-8";
    private static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";

    private final Session session;
    private final Clock clock;
    private final long maxMessageBytes;
    private final Function<Delivery, URI> unsubscribeUrl;

    /** @param unsubscribeUrl the host's URL function, or {@code null} to use each store's template */
    MimeComposer(Session session, Clock clock, long maxMessageBytes, Function<Delivery, URI> unsubscribeUrl) {
        this.session = session;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.unsubscribeUrl = unsubscribeUrl;
    }

    /**
     * The message for {@code delivery} to {@code recipient}.
     *
     * @throws IllegalArgumentException naming the field, for a header value with CR or LF, a body over the size
     *                                  limit or an unsubscribe URL that is not https
     */
    MimeMessage compose(Delivery delivery, StoreMailSettings store, InternetAddress recipient)
            throws MessagingException {
        Message message = delivery.message();
        long size = HeaderValues.utf8Length(message.textBody()) + HeaderValues.utf8Length(message.htmlBody());
        if (size > maxMessageBytes) {
            throw new IllegalArgumentException("message body is " + size
                    + " bytes of text and HTML, more than maxMessageBytes " + maxMessageBytes);
        }
        String subject = HeaderValues.oneLine(message.subject(), "subject", Limits.MAX_TEXT_LENGTH);
        String listUnsubscribe = listUnsubscribe(delivery, store);

        MimeMessage mime = new StableIdMimeMessage(session, messageId(delivery.idempotencyKey(),
                store.messageIdDomain()));
        mime.setFrom(named(store.from(), store.fromName(), "fromName"));
        if (store.replyTo() != null) {
            mime.setReplyTo(new Address[] {new InternetAddress(store.replyTo())});
        }
        mime.setRecipient(jakarta.mail.Message.RecipientType.TO, recipient);
        mime.setSubject(subject, UTF_8);
        mime.setSentDate(Date.from(clock.instant()));
        mime.setHeader(LIST_UNSUBSCRIBE, MimeUtility.fold(LIST_UNSUBSCRIBE.length() + 2, listUnsubscribe));
        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part(message.textBody(), "plain")); // least preferred first (RFC 2046 5.1.4)
        alternative.addBodyPart(part(message.htmlBody(), "html"));
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    /** The customer's address with the greeting name ({@link Customer#greetingName()}), if any, as display name. */
    static InternetAddress recipient(InternetAddress address, Customer customer) throws MessagingException {
        Optional<String> name = customer.greetingName();
        if (name.isEmpty()) {
            return address;
        }
        return named(address.getAddress(), HeaderValues.optionalName(name.get(), "firstName"), "firstName");
    }

    /** {@code <hex@domain>}: 128 bits of SHA-256 over the idempotency key, the same on every attempt. */
    static String messageId(String idempotencyKey, String domain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String listUnsubscribe(Delivery delivery, StoreMailSettings store) {
        URI https = delivery.unsubscribeUrl() != null ? delivery.unsubscribeUrl()
                : unsubscribeUrl != null ? unsubscribeUrl.apply(delivery)
                : store.unsubscribeUrl(delivery.storeId(), delivery.sequenceId());
        if (https == null) {
            throw new IllegalArgumentException("unsubscribeUrl is missing: give the engine SignedLinks, the store an "
                    + "unsubscribeUrlTemplate, or the sender an unsubscribeUrl function");
        }
        String value = "<" + HeaderValues.httpsUrl(https, "unsubscribeUrl").toASCIIString() + ">";
        URI mailto = store.unsubscribeMailto(delivery.storeId(), delivery.sequenceId());
        return mailto == null ? value : value + ", <" + mailto.toASCIIString() + ">";
    }

    private static InternetAddress named(String address, String name, String field) throws MessagingException {
        try {
            return new InternetAddress(address, name, UTF_8); // RFC 2047 encodes names in any script
        } catch (UnsupportedEncodingException e) {
            throw new IllegalArgumentException(field + " cannot be encoded", e);
        }
    }

    private static MimeBodyPart part(String body, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(body, UTF_8, subtype);
        return part;
    }
}

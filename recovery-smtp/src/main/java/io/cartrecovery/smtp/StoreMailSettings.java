package io.cartrecovery.smtp;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How one store's recovery emails are addressed. Build with {@link #builder(String)}; every value is checked
 * at build time (CR or LF anywhere is an {@link IllegalArgumentException} naming the field).
 *
 * @param from                   the store's sender address ({@code shop@example.com}), also the SMTP envelope sender
 * @param fromName               display name of the sender (any script), or {@code null}
 * @param replyTo                address replies go to, or {@code null} for {@code from}
 * @param messageIdDomain        right-hand side of every {@code Message-ID}; defaults to the domain of {@code from}
 * @param unsubscribeUrlTemplate https one-click unsubscribe URL with optional {@value #STORE_ID} and
 *                               {@value #SEQUENCE_ID} placeholders (filled URL-encoded), or {@code null} when the
 *                               sender is given an {@code unsubscribeUrl} function
 * @param unsubscribeMailto      {@code mailto:} URL (same placeholders) also listed in {@code List-Unsubscribe},
 *                               or {@code null}
 */
public record StoreMailSettings(String from, String fromName, String replyTo, String messageIdDomain,
                                String unsubscribeUrlTemplate, String unsubscribeMailto) {

    /** Placeholder for the store id in unsubscribe templates. */
    public static final String STORE_ID = "{storeId}";
    /** Placeholder for the sequence id in unsubscribe templates. */
    public static final String SEQUENCE_ID = "{sequenceId}";

    public StoreMailSettings {
        HeaderValues.address(from, "from");
        HeaderValues.optionalName(fromName, "fromName");
        if (replyTo != null) {
            HeaderValues.address(replyTo, "replyTo");
        }
        if (messageIdDomain == null) {
            messageIdDomain = from.substring(from.lastIndexOf('@') + 1);
        }
        HeaderValues.domain(messageIdDomain, "messageIdDomain");
        if (unsubscribeUrlTemplate != null) {
            HeaderValues.oneLine(unsubscribeUrlTemplate, "unsubscribeUrlTemplate");
            URI sample;
            try {
                sample = new URI(fill(unsubscribeUrlTemplate, "store", "sequence"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("unsubscribeUrlTemplate is not a valid URL");
            }
            HeaderValues.httpsUrl(sample, "unsubscribeUrlTemplate");
        }
        if (unsubscribeMailto != null) {
            HeaderValues.mailtoUrl(fill(unsubscribeMailto, "store", "sequence"), "unsubscribeMailto");
        }
    }

    public static Builder builder(String from) {
        return new Builder(from);
    }

    /** The one-click URL for one sequence, from the template; {@code null} when there is no template. */
    URI unsubscribeUrl(String storeId, String sequenceId) {
        return unsubscribeUrlTemplate == null ? null : URI.create(fill(unsubscribeUrlTemplate, storeId, sequenceId));
    }

    /** The mailto URL for one sequence; {@code null} when none is configured. */
    URI unsubscribeMailto(String storeId, String sequenceId) {
        return unsubscribeMailto == null ? null
                : HeaderValues.mailtoUrl(fill(unsubscribeMailto, storeId, sequenceId), "unsubscribeMailto");
    }

    private static String fill(String template, String storeId, String sequenceId) {
        return template.replace(STORE_ID, encode(storeId)).replace(SEQUENCE_ID, encode(sequenceId));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Fluent builder; only {@code from} is required. */
    public static final class Builder {
        private final String from;
        private String fromName;
        private String replyTo;
        private String messageIdDomain;
        private String unsubscribeUrlTemplate;
        private String unsubscribeMailto;

        private Builder(String from) {
            this.from = from;
        }

        public Builder fromName(String value) { this.fromName = value; return this; }

        public Builder replyTo(String value) { this.replyTo = value; return this; }

        public Builder messageIdDomain(String value) { this.messageIdDomain = value; return this; }

        /** For example {@code https://shop.example.com/unsubscribe?s={storeId}&q={sequenceId}}. */
        public Builder unsubscribeUrlTemplate(String value) { this.unsubscribeUrlTemplate = value; return this; }

        /** For example {@code mailto:unsubscribe@shop.example.com?subject=unsubscribe%20{sequenceId}}. */
        public Builder unsubscribeMailto(String value) { this.unsubscribeMailto = value; return this; }

        public StoreMailSettings build() {
            return new StoreMailSettings(from, fromName, replyTo, messageIdDomain, unsubscribeUrlTemplate,
                    unsubscribeMailto);
        }
    }
}

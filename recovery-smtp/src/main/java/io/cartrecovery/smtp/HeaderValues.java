package io.cartrecovery.smtp;

import io.cartrecovery.core.EmailAddress;
import io.cartrecovery.core.Limits;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Checks of everything that ends up in a mail header; every failure names the field. */
final class HeaderValues {
    /** A header line may hold 998 characters (RFC 5322); URLs cannot be folded, so they stay well below. */
    static final int MAX_URL_LENGTH = 900;
    static final int MAX_NAME_LENGTH = Limits.MAX_NAME_LENGTH;
    private static final Pattern DOMAIN =
            Pattern.compile("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

    private HeaderValues() {}

    /**
     * Rejects control characters (C0 and C1, CR, LF and NUL among them) and U+2028/U+2029, as core's text checks
     * do: a header value with a line break could inject headers or a body.
     */
    static String oneLine(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(field + " must not contain control characters (such as CR, LF "
                        + "or NUL) or line separators");
            }
        }
        return value;
    }

    /** A one-line text of 1 to {@code max} characters, such as a subject. */
    static String oneLine(String value, String field, int max) {
        oneLine(value, field);
        if (value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(field + " must be 1 to " + max + " characters");
        }
        return value;
    }

    /** A display name: one line, not blank, bounded; {@code null} stays {@code null}. */
    static String optionalName(String value, String field) {
        if (value == null) {
            return null;
        }
        return oneLine(value, field, MAX_NAME_LENGTH);
    }

    /** A bare address ({@code local@domain}, no display name) in core's one grammar, {@link EmailAddress}. */
    static InternetAddress address(String value, String field) {
        EmailAddress.check(value, field);
        InternetAddress address = new InternetAddress();
        address.setAddress(value); // already checked: no second, divergent parse
        return address;
    }

    static String domain(String value, String field) {
        oneLine(value, field);
        if (!DOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a domain name like shop.example.com");
        }
        return value;
    }

    /** An absolute https URL short enough for a header line. */
    static URI httpsUrl(URI value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        String text = oneLine(value.toASCIIString(), field);
        if (!"https".equalsIgnoreCase(value.getScheme()) || value.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute https URL");
        }
        if (text.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_URL_LENGTH + " characters");
        }
        return value;
    }

    /** A {@code mailto:} URL short enough for a header line. */
    static URI mailtoUrl(String value, String field) {
        oneLine(value, field);
        try {
            URI uri = new URI(value);
            if (!"mailto".equalsIgnoreCase(uri.getScheme()) || value.length() > MAX_URL_LENGTH) {
                throw new IllegalArgumentException(
                        field + " must be a mailto: URL of at most " + MAX_URL_LENGTH + " characters");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid mailto: URL");
        }
    }

    /** UTF-8 length of {@code text} without encoding it (so a huge body costs no copy to measure). */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

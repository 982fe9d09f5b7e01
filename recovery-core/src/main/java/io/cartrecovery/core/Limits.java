package io.cartrecovery.core;

import java.time.Duration;

/**
 * The one set of input limits every module keeps. Whatever the value types accept within these limits can be
 * stored, rendered by the built-in templates, signed into links that verify, and sent over SMTP; anything
 * larger is refused with an {@link IllegalArgumentException} naming the field, never truncated.
 *
 * <p>Text never holds control characters: C0 and C1 controls (NUL, TAB, CR, LF, DEL, U+0080 to U+009F), the
 * line and paragraph separators U+2028 and U+2029, or an unpaired surrogate.
 */
public final class Limits {
    /** Longest id (store, cart, customer, order, SKU, storefront token, discount code, step), in characters. */
    public static final int MAX_ID_LENGTH = 200;
    /** Longest free text such as a product title or a subject, in characters. */
    public static final int MAX_TEXT_LENGTH = 1_000;
    /** Longest product title, in characters. */
    public static final int MAX_TITLE_LENGTH = MAX_TEXT_LENGTH;
    /** Longest first name or display name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Longest first name a greeting uses (see {@link Customer#greetingName()}), in characters. */
    public static final int MAX_GREETING_NAME_LENGTH = 40;
    /** Most words of a first name a greeting uses. */
    public static final int MAX_GREETING_NAME_WORDS = 3;
    /** Longest URL a host gives (restore link, image, link base URL), in ASCII characters. */
    public static final int MAX_URL_LENGTH = 2_048;
    /**
     * Longest signed link token, derived from the id and URL limits so that every token signed from accepted
     * data verifies: a version byte, four ids (key, store, sequence, step) of up to 3 bytes per character with a
     * 2-byte length each, the purpose, a target flag, a target URL with its length, an 8-byte expiry, then a dot
     * and the 32-byte HMAC, both unpadded base64url.
     */
    public static final int MAX_LINK_TOKEN_LENGTH = base64Length(1 + 4 * (2 + 3 * MAX_ID_LENGTH) + 1 + 1
            + 2 + MAX_URL_LENGTH + 8) + 1 + base64Length(32);
    /**
     * Longest restore link of a cart as a message sees it: the engine replaces a tracked cart's restore URL with
     * its click link, {@code baseUrl/click?t=TOKEN}.
     */
    public static final int MAX_TRACKED_URL_LENGTH = MAX_URL_LENGTH + "/click?t=".length() + MAX_LINK_TOKEN_LENGTH;
    /** Longest email address (RFC 5321), in characters; see {@link EmailAddress}. */
    public static final int MAX_EMAIL_LENGTH = 254;
    /** Most lines of a cart. */
    public static final int MAX_ITEMS = 500;
    /** Most cart lines the built-in templates list; the rest are summed up as "and N more". */
    public static final int MAX_RENDERED_ITEMS = 10;
    /** Largest quantity of one cart line (the smallest is 1). */
    public static final int MAX_QUANTITY = 10_000;
    /** Most digits before the decimal point of an amount: every amount is below 10^12. */
    public static final int MAX_AMOUNT_INTEGER_DIGITS = 12;
    /** Most digits after the decimal point of an amount (trailing zeros do not count). */
    public static final int MAX_AMOUNT_SCALE = 4;
    /** Largest rendered text plus HTML body, in UTF-8 bytes, that the SMTP sender accepts by default. */
    public static final long MAX_MESSAGE_BYTES = 1024 * 1024;
    /** How far an activity time (cart activity, abandonment, order) may lie after the engine clock's now. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Shortest retention period of a store's ended sequences, events and carts. */
    public static final Duration MIN_RETENTION = Duration.ofDays(1);
    /** Longest retention period of a store's ended sequences, events and carts (ten years). */
    public static final Duration MAX_RETENTION = Duration.ofDays(3653);
    /** Most records one {@code purgeExpired} call deletes. */
    public static final int MAX_PURGE_BATCH = 10_000;

    private Limits() {}

    private static int base64Length(int bytes) {
        return (bytes * 4 + 2) / 3;
    }
}

package io.cartrecovery.core;

import java.util.regex.Pattern;

/**
 * The one email address grammar of every module: an RFC 5321 mailbox {@code local@domain} in ASCII.
 *
 * <ul>
 *   <li>the local part is a dot-atom of at most 64 characters: atoms of letters, digits and
 *       {@code !#$%&'*+-/=?^_`{|}~}, joined by single dots; quoted local parts ({@code "a b"@example.com}) and
 *       comments are not accepted;</li>
 *   <li>the domain is at least two labels of letters, digits and hyphens (no leading or trailing hyphen, at most
 *       63 characters each), at most 255 characters; no address literals ({@code [192.0.2.1]});</li>
 *   <li>the whole address is at most {@value Limits#MAX_EMAIL_LENGTH} characters.</li>
 * </ul>
 *
 * <p>Internationalised addresses (non-ASCII in either part, RFC 6531) are refused: they need SMTPUTF8 all the
 * way to the recipient, and a server without it can deliver them to a different mailbox. Failures name the field
 * and never repeat the address.
 */
public final class EmailAddress {
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_DOMAIN_LENGTH = 255;
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private EmailAddress() {}

    /** Whether {@code value} is a mailbox this library sends to. */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /**
     * Returns {@code value} when it is valid.
     *
     * @throws IllegalArgumentException naming {@code field} (never the address) when it is not
     */
    public static String check(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(field + " is not a valid email address" + problem);
        }
        return value;
    }

    /** {@code null} when valid, else what to add to "is not a valid email address" (often nothing). */
    private static String problem(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > Limits.MAX_EMAIL_LENGTH) {
            return ": longer than " + Limits.MAX_EMAIL_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7e) {
                return ": internationalised (non-ASCII) addresses are not supported";
            }
            if (c < 0x21) {
                return "";
            }
        }
        int at = value.indexOf('@');
        if (at < 1 || at != value.lastIndexOf('@') || at > MAX_LOCAL_LENGTH) {
            return "";
        }
        String domain = value.substring(at + 1);
        if (!LOCAL.matcher(value.substring(0, at)).matches()) {
            return "";
        }
        if (domain.length() > MAX_DOMAIN_LENGTH || !DOMAIN.matcher(domain).matches()) {
            return "";
        }
        return null;
    }
}

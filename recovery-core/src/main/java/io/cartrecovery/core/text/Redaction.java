package io.cartrecovery.core.text;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes email addresses, tokens and keys out of text that goes into a log line: the messages of exceptions that
 * other code throws (a sender, a listener, a JDBC driver), which often quote an address, a URL with a signed token
 * or a key. Email addresses become {@value #EMAIL}; runs of 24 or more letters, digits and {@code - _ + / =} (signed
 * tokens, API keys, secrets in base64 or hex) become {@value #SECRET}. Text the library writes itself never needs
 * it: its own log lines name ids, never an address or a secret.
 */
public final class Redaction {
    /** What an email address becomes. */
    public static final String EMAIL = "<email>";
    /** What a token, key or other long opaque string becomes. */
    public static final String SECRET = "<redacted>";

    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s<>\"'(),;:@\\[\\]]+@[^\\s<>\"'(),;:@\\[\\]]+");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_\\-+/=]{24,}");
    private static final int MAX_CAUSES = 8;

    private Redaction() {}

    /** {@code text} with its email addresses and long opaque strings masked; {@code null} stays {@code null}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL_ADDRESS.matcher(text).replaceAll(EMAIL);
        return OPAQUE.matcher(masked).replaceAll(SECRET);
    }

    /** The exception's class and redacted message, and those of its causes: {@code "Type: message <- Cause: ..."}. */
    public static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(redact(t.getMessage()));
            }
        }
        return out.toString();
    }

    /**
     * A copy of {@code failure} to hand to a logger: the same classes (named in the message), stack traces, causes
     * and suppressed exceptions, every message {@linkplain #redact redacted}.
     */
    public static Throwable forLog(Throwable failure) {
        return copy(failure, new IdentityHashMap<>(), 0);
    }

    private static Throwable copy(Throwable original, Map<Throwable, Throwable> copies, int depth) {
        Throwable done = copies.get(original);
        if (done != null) {
            return done;
        }
        String message = original.getClass().getName()
                + (original.getMessage() == null ? "" : ": " + redact(original.getMessage()));
        RedactedException copy = new RedactedException(message);
        copies.put(original, copy);
        copy.setStackTrace(original.getStackTrace());
        if (original.getCause() != null && depth < MAX_CAUSES) {
            copy.initCause(copy(original.getCause(), copies, depth + 1));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, copies, depth + 1));
        }
        return copy;
    }

    /** Stands in for an exception in a log line: its message names the original class. */
    private static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}

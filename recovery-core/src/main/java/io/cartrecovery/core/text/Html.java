package io.cartrecovery.core.text;

/**
 * HTML escaping for text that enters markup: what a {@link io.cartrecovery.core.MessageGenerator} puts into
 * {@link io.cartrecovery.core.Message#htmlBody()} (names, links, labels) goes through {@link #escape}.
 */
public final class Html {
    private Html() {}

    /** Escapes {@code & < > " '} so that text is inert in element content and quoted attributes. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}

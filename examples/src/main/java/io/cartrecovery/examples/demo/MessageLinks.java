package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Message;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the engine's signed links back out of a delivered message, as a customer's mail client and browser would
 * follow them: the open pixel in the HTML, a tracked click URL, the one-click unsubscribe URL.
 */
final class MessageLinks {
    private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]*/open\\?t=[^\"]*)\"");

    private MessageLinks() {}

    /** The token of the open pixel in the message's HTML; empty when tracking is off. */
    static Optional<String> openToken(Message message) {
        Matcher pixel = PIXEL.matcher(message.htmlBody());
        return pixel.find() ? token(pixel.group(1).replace("&amp;", "&"), "open") : Optional.empty();
    }

    /** The token of a tracked click URL; empty for a plain link (tracking off, or a foreign target). */
    static Optional<String> clickToken(String url) {
        return url == null ? Optional.empty() : token(url, "click");
    }

    /** The token of a signed unsubscribe URL. */
    static Optional<String> unsubscribeToken(URI url) {
        return url == null ? Optional.empty() : token(url.toString(), "unsubscribe");
    }

    /** The {@code t} parameter of {@code url} when its path ends in {@code /endpoint}. */
    private static Optional<String> token(String url, String endpoint) {
        URI uri = URI.create(url);
        String query = uri.getRawQuery();
        if (uri.getRawPath() == null || !uri.getRawPath().endsWith("/" + endpoint) || query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("t=")) {
                return Optional.of(URLDecoder.decode(pair.substring(2), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}

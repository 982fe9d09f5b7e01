package io.cartrecovery.examples.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.cartrecovery.core.PendingPopup;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.links.InvalidLinkException;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a customer's browser and mail client reach: the storefront's popup and the signed links in emails.
 * <ul>
 *   <li>{@code GET /storefront/{storeId}/popup?token=…}: the cart's pending popup once (JSON), else 204.</li>
 *   <li>{@code POST /r/{storeId}/unsubscribe?t=…}: RFC 8058 one-click opt-out.</li>
 *   <li>{@code GET /r/{storeId}/unsubscribe?t=…}: a confirmation page whose button POSTs; a GET alone changes
 *       nothing, because mail security scanners fetch every link of a message.</li>
 *   <li>{@code GET /r/{storeId}/open?t=…}: a 1×1 GIF whatever the token; a valid one records the open.</li>
 *   <li>{@code GET /r/{storeId}/click?t=…}: 302 to the signed target on the store's own domain; else 400.</li>
 * </ul>
 */
final class EngagementEndpoints implements Exchanges.Work {
    private static final Logger LOG = LoggerFactory.getLogger(EngagementEndpoints.class);
    /** A transparent 1×1 GIF. */
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final RecoveryEngine engine;
    private final SignedLinks links;
    private final Set<String> storeIds;

    /** {@code links} are the engine's (or {@code null}: then every link is invalid and popups get no CORS). */
    EngagementEndpoints(RecoveryEngine engine, SignedLinks links, Set<String> storeIds) {
        this.engine = engine;
        this.links = links;
        this.storeIds = Set.copyOf(storeIds);
    }

    @Override
    public void handle(HttpExchange exchange, byte[] body) throws IOException {
        // /storefront/{storeId}/popup or /r/{storeId}/{unsubscribe|open|click}
        String[] parts = exchange.getRequestURI().getRawPath().substring(1).split("/", -1);
        if (parts.length != 3) {
            throw new ApiException(404, "not found");
        }
        String storeId = Exchanges.decode(parts[1]);
        Map<String, String> query = Exchanges.query(exchange);
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        switch (parts[0] + "/" + parts[2] + "/" + method) {
            case "storefront/popup/GET" -> popup(exchange, storeId, query.get("token"));
            case "r/unsubscribe/POST" -> unsubscribe(exchange, storeId, query.get("t"), body);
            case "r/unsubscribe/GET" -> confirmUnsubscribe(exchange, storeId, query.get("t"));
            case "r/open/GET" -> open(exchange, storeId, query.get("t"));
            case "r/click/GET" -> click(exchange, storeId, query.get("t"));
            default -> throw switch (parts[0] + "/" + parts[2]) {
                case "storefront/popup", "r/open", "r/click" -> Exchanges.notAllowed(exchange, "GET");
                case "r/unsubscribe" -> Exchanges.notAllowed(exchange, "GET", "POST");
                default -> new ApiException(404, "not found");
            };
        }
    }

    private void popup(HttpExchange exchange, String storeId, String token) {
        if (!storeIds.contains(storeId)) {
            throw new ApiException(404, "not found");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must be the cart's storefront token");
        }
        allowStoreOrigin(exchange, storeId);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        engine.takePopup(storeId, token).ifPresentOrElse(
                popup -> Exchanges.json(exchange, 200, PopupView.of(popup)),
                () -> noContent(exchange));
    }

    /** Lets the store's own pages (its redirect hosts, the domains it links to) read the popup from the browser. */
    private void allowStoreOrigin(HttpExchange exchange, String storeId) {
        Headers response = exchange.getResponseHeaders();
        response.add("Vary", "Origin");
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && links != null && links.isAllowedRedirect(storeId, origin)
                && URI.create(origin).getRawPath().isEmpty()) {
            response.set("Access-Control-Allow-Origin", origin);
        }
    }

    private void unsubscribe(HttpExchange exchange, String storeId, String token, byte[] body) {
        if (!isOneClick(new String(body, StandardCharsets.UTF_8))) {
            page(exchange, 400, "Unsubscribe", "<p>This request is not a one-click unsubscribe.</p>");
            return;
        }
        try {
            engine.unsubscribe(storeId, token);
        } catch (InvalidLinkException e) {
            invalidLink(exchange);
            return;
        }
        page(exchange, 200, "Unsubscribed", "<p>You are unsubscribed and will get no more of these emails.</p>");
    }

    /** RFC 8058's body, sent form-encoded (as our own page does) or as multipart form data. */
    static boolean isOneClick(String body) {
        if (body.contains(ONE_CLICK)) {
            return true;
        }
        int field = body.indexOf("name=\"List-Unsubscribe\"");
        return field >= 0 && body.indexOf("One-Click", field) > 0;
    }

    private void confirmUnsubscribe(HttpExchange exchange, String storeId, String token) {
        try {
            verify(storeId, token); // nothing is recorded: only the POST unsubscribes
        } catch (InvalidLinkException e) {
            invalidLink(exchange);
            return;
        }
        page(exchange, 200, "Unsubscribe", "<p>Stop getting emails about the cart you left?</p>"
                + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    private void verify(String storeId, String token) {
        if (links == null) {
            throw new InvalidLinkException("no link configuration");
        }
        links.verify(storeId, LinkPurpose.UNSUBSCRIBE, token);
    }

    private void open(HttpExchange exchange, String storeId, String token) {
        try {
            engine.recordOpen(storeId, token);
        } catch (InvalidLinkException ignored) {
            // the same pixel either way: the answer never tells whether a token is valid
        } catch (RuntimeException e) {
            LOG.warn("open of store {} not recorded: {}", storeId, e.getClass().getName());
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "image/gif");
        noCache(headers);
        Exchanges.send(exchange, 200, PIXEL);
    }

    private void click(HttpExchange exchange, String storeId, String token) {
        URI target;
        try {
            target = engine.click(storeId, token);
        } catch (InvalidLinkException e) {
            invalidLink(exchange);
            return;
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Location", target.toASCIIString());
        headers.set("Referrer-Policy", "no-referrer");
        noCache(headers);
        Exchanges.send(exchange, 302, null);
    }

    private static void invalidLink(HttpExchange exchange) {
        page(exchange, 400, "Link not valid", "<p>This link is not valid or has expired.</p>");
    }

    private static void noContent(HttpExchange exchange) {
        Exchanges.send(exchange, 204, null);
    }

    private static void noCache(Headers headers) {
        headers.set("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0");
        headers.set("Pragma", "no-cache");
        headers.set("Expires", "0");
    }

    /** A small HTML page; {@code body} is trusted markup, never request data. */
    private static void page(HttpExchange exchange, int status, String title, String body) {
        byte[] bytes = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body style=\"font-family:sans-serif;max-width:32em;"
                + "margin:3em auto\"><h1>" + title + "</h1>" + body + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        headers.set("Referrer-Policy", "no-referrer");
        noCache(headers);
        Exchanges.send(exchange, status, bytes);
    }

    /** The popup as the storefront script gets it; ids stay inside. */
    record PopupView(String title, String text, String callToAction, String incentiveCode, String url,
                     Instant expiresAt) {
        static PopupView of(PendingPopup popup) {
            return new PopupView(popup.title(), popup.text(), popup.callToAction(), popup.incentiveCode(),
                    popup.url(), popup.expiresAt());
        }
    }
}

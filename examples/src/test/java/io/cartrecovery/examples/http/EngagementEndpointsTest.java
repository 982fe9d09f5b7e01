package io.cartrecovery.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.links.LinkPurpose;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The storefront popup and the signed-link endpoints, followed as a browser or mail client would. */
class EngagementEndpointsTest extends ServiceTestBase {

    @Test
    void thePopupIsHandedOutOnceThen204AndNeverToAnotherStore() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        scheduler.advance(Duration.ofHours(1)); // the popup step is due one hour after abandonment

        HttpResponse<String> otherStore = popup(B, "cart-tok-1", null);
        HttpResponse<String> first = popup(A, "cart-tok-1", "https://" + SHOP_HOST_A);
        HttpResponse<String> second = popup(A, "cart-tok-1", null);
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(uri("/storefront/" + A + "/popup")).GET());
        HttpResponse<String> unknownStore = popup("store-z", "cart-tok-1", null);

        assertThat(otherStore.statusCode()).isEqualTo(204);
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode popup = json(first);
        assertThat(popup.path("title").asText()).contains("Merino Wool Sweater");
        assertThat(popup.path("callToAction").asText()).isNotBlank();
        assertThat(popup.path("url").asText()).startsWith(service.baseUri() + "/r/" + A + "/click?t=");
        assertThat(popup.has("sequenceId")).isFalse();
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://" + SHOP_HOST_A);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(second.statusCode()).isEqualTo(204);
        assertThat(second.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(noToken.statusCode()).isEqualTo(400);
        assertThat(unknownStore.statusCode()).isEqualTo(404);
        assertThat(engine.history(A, sequence.id())).filteredOn(e -> e.type() == EventType.POPUP_SHOWN)
                .singleElement().extracting(RecoveryEvent::stepId).isEqualTo("POPUP_1H");
    }

    @Test
    void aForeignOriginGetsNoCorsHeader() throws Exception {
        abandon("tok-1", 1001);
        scheduler.advance(Duration.ofHours(1));

        HttpResponse<String> response = popup(A, "cart-tok-1", "https://evil.example.net");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Vary")).hasValue("Origin");
    }

    @Test
    void theUnsubscribePageChangesNothingAndItsOneClickPostOptsOut() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        URI unsubscribe = firstEmail().unsubscribeUrl();
        assertThat(unsubscribe.toString()).startsWith(service.baseUri() + "/r/" + A + "/unsubscribe?t=");

        HttpResponse<String> page = send(HttpRequest.newBuilder(unsubscribe).GET());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<form method=\"post\">")
                .contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
        assertThat(engine.sequence(A, sequence.id()).isActive()).isTrue();

        HttpResponse<String> oneClick = send(HttpRequest.newBuilder(unsubscribe)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));

        assertThat(oneClick.statusCode()).isEqualTo(200);
        RecoverySequence stopped = engine.sequence(A, sequence.id());
        assertThat(stopped.status()).isEqualTo(SequenceStatus.STOPPED);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.OPTED_OUT);
    }

    @Test
    void anUnsubscribeWithABadTokenOrWithoutTheOneClickBodyIs400AndChangesNothing() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        URI unsubscribe = firstEmail().unsubscribeUrl();
        String token = token(unsubscribe);

        HttpResponse<String> foreignStore = oneClick(uri("/r/" + B + "/unsubscribe?t=" + encode(token)));
        HttpResponse<String> forged = oneClick(uri("/r/" + A + "/unsubscribe?t=" + encode(token + "A")));
        HttpResponse<String> forgedPage = send(HttpRequest.newBuilder(
                uri("/r/" + A + "/unsubscribe?t=" + encode(token + "A"))).GET());
        HttpResponse<String> emptyBody = send(HttpRequest.newBuilder(unsubscribe)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(List.of(foreignStore, forged, forgedPage, emptyBody)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("<form");
        });
        assertThat(engine.sequence(A, sequence.id()).isActive()).isTrue();
    }

    @Test
    void theOpenPixelIsAlwaysAGifAndRecordsOnlyValidTokens() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        URI pixel = URI.create(attribute(firstEmail().message().htmlBody(), "<img src=\""));
        String token = token(pixel);

        HttpResponse<byte[]> forged = sendBytes(uri("/r/" + A + "/open?t=" + encode(token.replace('.', 'x'))));
        HttpResponse<byte[]> crossStore = sendBytes(uri("/r/" + B + "/open?t=" + encode(token)));
        HttpResponse<byte[]> missing = sendBytes(uri("/r/" + A + "/open"));
        assertThat(opens(sequence)).isZero();

        HttpResponse<byte[]> valid = sendBytes(pixel);

        assertThat(opens(sequence)).isEqualTo(1);
        assertThat(List.of(valid, forged, crossStore, missing)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
            assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-store", "no-cache"));
            assertThat(r.body()).isEqualTo(valid.body()).startsWith("GIF89a".getBytes(StandardCharsets.US_ASCII));
        });
    }

    @Test
    void aClickRedirectsToTheRestoreUrlAndIsRecorded() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        String restore = firstEmail().cart().restoreUrl();
        assertThat(restore).startsWith(service.baseUri() + "/r/" + A + "/click?t=");

        HttpResponse<String> click = send(HttpRequest.newBuilder(URI.create(restore)).GET());

        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location"))
                .hasValue("https://" + SHOP_HOST_A + "/checkouts/tok-1/recover");
        assertThat(engine.history(A, sequence.id())).filteredOn(e -> e.type() == EventType.MESSAGE_CLICKED)
                .singleElement().extracting(RecoveryEvent::stepId).isEqualTo("EMAIL_2H");
    }

    @Test
    void aForgedCrossStoreOrForeignTargetClickIs400AndRecordsNothing() throws Exception {
        RecoverySequence sequence = abandon("tok-1", 1001);
        String token = token(URI.create(firstEmail().cart().restoreUrl()));
        SignedLinks sameKey = SignedLinks.of(clock, List.of(StoreLinks.builder(A).baseUrl(service.baseUri())
                .key("k1", LINK_KEY_A).build()));
        String foreignTarget = sameKey.sign(A, LinkPurpose.CLICK, sequence.id(), "EMAIL_2H",
                "https://evil.example.net/phish");
        int events = engine.history(A, sequence.id()).size();

        List<HttpResponse<String>> responses = List.of(
                click(A, token.substring(0, token.length() - 2)),
                click(B, token),
                click(A, foreignTarget),
                click(A, sameKey.sign(A, LinkPurpose.OPEN, sequence.id(), "EMAIL_2H", null)));

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.body()).contains("not valid").doesNotContain("evil.example.net");
        });
        assertThat(engine.history(A, sequence.id())).hasSize(events);
    }

    @Test
    void theOneClickBodyIsRecognisedFormEncodedOrAsMultipart() {
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--";

        assertThat(EngagementEndpoints.isOneClick("List-Unsubscribe=One-Click")).isTrue();
        assertThat(EngagementEndpoints.isOneClick(multipart)).isTrue();
        assertThat(EngagementEndpoints.isOneClick("")).isFalse();
        assertThat(EngagementEndpoints.isOneClick("List-Unsubscribe=Maybe")).isFalse();
    }

    /** Runs the sequence up to its first email, the 2-hour step, and returns it. */
    private Delivery firstEmail() {
        scheduler.advance(Duration.ofHours(2));
        return email.sent().get(0).delivery();
    }

    private long opens(RecoverySequence sequence) {
        return engine.history(A, sequence.id()).stream().filter(e -> e.type() == EventType.MESSAGE_OPENED).count();
    }

    private HttpResponse<String> popup(String storeId, String storefrontToken, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                uri("/storefront/" + storeId + "/popup?token=" + encode(storefrontToken))).GET();
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private HttpResponse<String> oneClick(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
    }

    private HttpResponse<String> click(String storeId, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri("/r/" + storeId + "/click?t=" + encode(token))).GET());
    }

    private HttpResponse<byte[]> sendBytes(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String token(URI url) {
        String query = url.getRawQuery();
        return URLDecoder.decode(query.substring(query.indexOf("t=") + 2), StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String attribute(String html, String prefix) {
        int start = html.indexOf(prefix) + prefix.length();
        return html.substring(start, html.indexOf('"', start)).replace("&amp;", "&");
    }
}

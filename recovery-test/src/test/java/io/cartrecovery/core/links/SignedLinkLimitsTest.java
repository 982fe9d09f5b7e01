package io.cartrecovery.core.links;

import io.cartrecovery.core.Limits;
import io.cartrecovery.core.SettableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.cartrecovery.core.links.SignedLinksTest.KEY_1;
import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedLinkLimitsTest {
    /** Three bytes in (modified) UTF-8: the longest an id char can be. */
    private static final String WIDE_ID = "\u4e2d".repeat(Limits.MAX_ID_LENGTH);
    private static final String PREFIX = "https://shop.example.com/cart/";

    private final SettableClock clock = SettableClock.at(T0);

    private static String url(int length) {
        return PREFIX + "x".repeat(length - PREFIX.length());
    }

    private SignedLinks links(String storeId, String keyId) {
        return SignedLinks.of(clock, List.of(StoreLinks.builder(storeId)
                .baseUrl(URI.create("https://track.example.com/" + "b".repeat(Limits.MAX_URL_LENGTH - 26)))
                .redirectHost("shop.example.com").key(keyId, KEY_1).ttl(Duration.ofDays(30)).build()));
    }

    @Test
    void theLongestClaimsMakeTheLongestTokenAndItVerifies() {
        SignedLinks links = links(WIDE_ID, WIDE_ID);
        String target = url(Limits.MAX_URL_LENGTH);

        String token = links.sign(WIDE_ID, LinkPurpose.CLICK, WIDE_ID, WIDE_ID, target);

        assertThat(token).hasSize(Limits.MAX_LINK_TOKEN_LENGTH);
        assertThat(links.verify(WIDE_ID, LinkPurpose.CLICK, token).target()).isEqualTo(target);
        URI click = links.url(WIDE_ID, LinkPurpose.CLICK, WIDE_ID, WIDE_ID, target);
        assertThat(click.toString()).hasSize(Limits.MAX_TRACKED_URL_LENGTH);
        String presented = click.getRawQuery().substring(2);
        assertThat(links.verify(WIDE_ID, LinkPurpose.CLICK, presented).target()).isEqualTo(target);
    }

    @Test
    void theTokenLimitIsDerivedFromTheUrlAndIdLimits() {
        assertThat(Limits.MAX_LINK_TOKEN_LENGTH).isEqualTo(5959 + 1 + 43); // 4469 payload bytes, 32 MAC bytes
        assertThat(Limits.MAX_TRACKED_URL_LENGTH).isEqualTo(2048 + 9 + 6003);
        SignedLinks links = links("a", "k1");
        assertThatThrownBy(() -> links.verify("a", LinkPurpose.CLICK, "A".repeat(Limits.MAX_LINK_TOKEN_LENGTH + 1)))
                .isInstanceOf(InvalidLinkException.class).hasMessage("invalid link");
    }

    @Test
    void aTargetOverTheUrlLimitIsRefusedBeforeSigningNamingTheField() {
        SignedLinks links = links("a", "k1");
        assertThatThrownBy(() -> links.sign("a", LinkPurpose.CLICK, "seq", "EMAIL_2H", url(Limits.MAX_URL_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("target must be at most 2048 characters");
        assertThatThrownBy(() -> links.sign("a", LinkPurpose.CLICK, "seq", "EMAIL_2H", url(70_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("target must be at most");
        assertThatThrownBy(() -> links.sign("a", LinkPurpose.CLICK, "seq", "x".repeat(201), url(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("stepId must be at most");
    }

    @Test
    void storeIdsKeyIdsAndBaseUrlsAreBounded() {
        assertThatThrownBy(() -> links("s".repeat(Limits.MAX_ID_LENGTH + 1), "k1"))
                .hasMessageStartingWith("storeId must be at most");
        assertThatThrownBy(() -> links("a", "k".repeat(Limits.MAX_ID_LENGTH + 1)))
                .hasMessageStartingWith("signingKeyId must be at most");
        assertThatThrownBy(() -> StoreLinks.builder("a").key("k1", KEY_1)
                .baseUrl(URI.create("https://track.example.com/" + "b".repeat(Limits.MAX_URL_LENGTH))).build())
                .hasMessageStartingWith("baseUrl must be at most");
    }
}

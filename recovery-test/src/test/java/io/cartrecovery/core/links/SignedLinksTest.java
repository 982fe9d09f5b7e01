package io.cartrecovery.core.links;

import io.cartrecovery.core.SettableClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedLinksTest {
    static final byte[] KEY_1 = "0123456789abcdef0123456789abcdef-one".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY_2 = "0123456789abcdef0123456789abcdef-two".getBytes(StandardCharsets.UTF_8);

    private final SettableClock clock = SettableClock.at(T0);

    static StoreLinks.Builder store(String storeId) {
        return StoreLinks.builder(storeId).baseUrl(URI.create("https://track.example.com/r/" + storeId))
                .redirectHost("shop.example.com").ttl(Duration.ofDays(30));
    }

    private SignedLinks links(StoreLinks... stores) {
        return SignedLinks.of(clock, List.of(stores));
    }

    @Test
    void aSignedTokenVerifiesToItsClaims() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build());
        String token = links.sign("a", LinkPurpose.CLICK, "seq-1", "EMAIL_2H", "https://shop.example.com/cart");

        LinkClaims claims = links.verify("a", LinkPurpose.CLICK, token);

        assertThat(claims).isEqualTo(new LinkClaims("a", LinkPurpose.CLICK, "seq-1", "EMAIL_2H",
                "https://shop.example.com/cart", T0.plus(Duration.ofDays(30))));
    }

    @Test
    void changingAnyByteOfTheTokenIsRejected() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build());
        String token = links.sign("a", LinkPurpose.OPEN, "seq-1", "EMAIL_2H", null);
        byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] = (byte) (tampered[i] == 'A' ? 'B' : 'A');
            String forged = new String(tampered, StandardCharsets.US_ASCII);
            if (!forged.equals(token)) {
                assertThatThrownBy(() -> links.verify("a", LinkPurpose.OPEN, forged))
                        .as("byte %d", i).isInstanceOf(InvalidLinkException.class);
            }
        }
    }

    @Test
    void aTokenOfOneStoreIsRejectedByAnother() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build(), store("b").key("k1", KEY_1).build());
        String token = links.sign("a", LinkPurpose.UNSUBSCRIBE, "seq-1", "EMAIL_2H", null);

        assertThatThrownBy(() -> links.verify("b", LinkPurpose.UNSUBSCRIBE, token))
                .isInstanceOf(InvalidLinkException.class).hasMessageContaining("another store");
    }

    @Test
    void aTokenIsRejectedForAnotherPurpose() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build());
        String token = links.sign("a", LinkPurpose.OPEN, "seq-1", "EMAIL_2H", null);

        assertThatThrownBy(() -> links.verify("a", LinkPurpose.UNSUBSCRIBE, token))
                .isInstanceOf(InvalidLinkException.class).hasMessageContaining("UNSUBSCRIBE");
    }

    @Test
    void tokensExpireOnTheInjectedClock() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build());
        String token = links.sign("a", LinkPurpose.OPEN, "seq-1", "EMAIL_2H", null);

        clock.advance(Duration.ofDays(30));
        assertThat(links.verify("a", LinkPurpose.OPEN, token).sequenceId()).isEqualTo("seq-1");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> links.verify("a", LinkPurpose.OPEN, token))
                .isInstanceOf(InvalidLinkException.class).hasMessageContaining("expired");
    }

    @Test
    void rotatedKeysKeepOldLinksWorkingUntilTheOldKeyIsRetired() {
        SignedLinks before = links(store("a").key("k1", KEY_1).build());
        String old = before.sign("a", LinkPurpose.OPEN, "seq-1", "EMAIL_2H", null);

        SignedLinks rotated = links(store("a").key("k1", KEY_1).key("k2", KEY_2).signWith("k2").build());
        String fresh = rotated.sign("a", LinkPurpose.OPEN, "seq-2", "EMAIL_2H", null);
        assertThat(rotated.verify("a", LinkPurpose.OPEN, old).sequenceId()).isEqualTo("seq-1");
        assertThat(rotated.verify("a", LinkPurpose.OPEN, fresh).sequenceId()).isEqualTo("seq-2");
        assertThatThrownBy(() -> before.verify("a", LinkPurpose.OPEN, fresh)).isInstanceOf(InvalidLinkException.class);

        SignedLinks retired = links(store("a").key("k2", KEY_2).build());
        assertThatThrownBy(() -> retired.verify("a", LinkPurpose.OPEN, old)).isInstanceOf(InvalidLinkException.class);
        assertThat(retired.verify("a", LinkPurpose.OPEN, fresh).sequenceId()).isEqualTo("seq-2");
    }

    @Test
    void garbageIsRejectedWithoutLeakingDetails() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build());
        for (String garbage : new String[] {"", ".", "abc", "a.b.c", "!!!.???", "x".repeat(10_000),
                Base64.getUrlEncoder().encodeToString(new byte[] {1, 2, 3}) + ".AAAA"}) {
            assertThatThrownBy(() -> links.verify("a", LinkPurpose.OPEN, garbage)).isInstanceOf(InvalidLinkException.class);
        }
        assertThatThrownBy(() -> links.verify("a", LinkPurpose.OPEN, null)).isInstanceOf(InvalidLinkException.class);
        assertThatThrownBy(() -> links.verify("unknown", LinkPurpose.OPEN, "a.b")).isInstanceOf(InvalidLinkException.class);
    }

    @Test
    void redirectsAreLimitedToTheStoresOwnHosts() {
        SignedLinks links = links(store("a").key("k1", KEY_1).build());

        assertThat(links.isAllowedRedirect("a", "https://shop.example.com/cart/1")).isTrue();
        assertThat(links.isAllowedRedirect("a", "https://SHOP.example.com/x")).isTrue();
        assertThat(links.isAllowedRedirect("a", "https://evil.example.net/")).isFalse();
        assertThat(links.isAllowedRedirect("a", "https://shop.example.com.evil.net/")).isFalse();
        assertThat(links.isAllowedRedirect("a", "https://shop.example.com@evil.net/")).isFalse();
        assertThat(links.isAllowedRedirect("a", "javascript:alert(1)")).isFalse();
        assertThat(links.isAllowedRedirect("a", "//evil.net/")).isFalse();
    }

    @Test
    void keysAreCheckedAndNeverPrinted() {
        assertThatThrownBy(() -> store("a").key("k1", new byte[8]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        StoreLinks config = store("a").key("k1", KEY_1).build();
        assertThat(config.toString()).contains("k1").doesNotContain("0123456789abcdef");
    }
}

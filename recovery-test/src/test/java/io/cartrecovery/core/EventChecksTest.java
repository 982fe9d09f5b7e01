package io.cartrecovery.core;

import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine-level input checks: restore hosts with signed links, activity times against the clock. */
class EventChecksTest {
    private static final String A = "store-a";
    private static final byte[] KEY = "a-32-byte-long-secret-for-testing!!".getBytes(StandardCharsets.UTF_8);

    private final SettableClock clock = SettableClock.at(T0);
    private final RecoveryStore store = RecoveryStore.inMemory();

    private RecoveryEngine engine(boolean links) {
        RecoveryEngine.Builder builder = RecoveryEngine.builder().store(store).clock(clock)
                .scheduler(Scheduler.virtualTime(clock)).random(new SplittableRandom(1))
                .sender(Channel.EMAIL, new RecordingSender(clock))
                .configureStore(StoreSettings.builder(A).exactTiming().build());
        if (links) {
            builder.links(SignedLinks.of(clock, List.of(StoreLinks.builder(A)
                    .baseUrl(URI.create("https://track.example.com/r/a")).redirectHost("shop.example.com")
                    .key("k1", KEY).build())));
        }
        return builder.build();
    }

    private static Cart cart(String cartId, String restoreUrl, Instant at) {
        Cart cart = Fixtures.cart(A, cartId, "u1", at);
        return new Cart(A, cartId, "u1", null, cart.currency(), cart.items(), cart.total(), restoreUrl, at);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.com/cart/1", "https://shop.example.com.evil.com/", "http://evil.com/",
            "https://sub.shop.example.com/cart"})
    void withSignedLinksARestoreUrlOnAForeignHostIsRefused(String url) {
        RecoveryEngine engine = engine(true);
        assertThatThrownBy(() -> engine.cartUpdated(cart("c1", url, T0), Fixtures.customer(A, "u1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cart.restoreUrl must be on one of the store's redirect hosts");
        assertThat(store.cart(A, "c1")).isEmpty();
        List<Abandonment> batch = List.of(
                new Abandonment(cart("c0", "https://shop.example.com/cart/0", T0), Fixtures.customer(A, "u1"), T0),
                new Abandonment(cart("c1", "https://shop.example.com/cart/1", T0), null, T0),
                new Abandonment(cart("c2", url, T0), null, T0));
        assertThatThrownBy(() -> engine.cartsAbandoned(batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("abandonments[2].cart.restoreUrl must be on one of the store's redirect hosts");
        assertThat(store.cart(A, "c0")).isEmpty();
    }

    @Test
    void aRestoreUrlOnTheStoresHostIsAcceptedAndWithoutSignedLinksAnyHostIs() {
        engine(true).cartUpdated(cart("c1", "https://SHOP.example.com/cart/1", T0), Fixtures.customer(A, "u1"));
        assertThat(store.cart(A, "c1")).isPresent();
        engine(false).cartUpdated(cart("c2", "https://other.example.org/cart/2", T0), Fixtures.customer(A, "u1"));
        assertThat(store.cart(A, "c2")).isPresent();
    }

    @Test
    void theEngineTakesRestoreUrlsOfAtMostTheUrlLimit() {
        RecoveryEngine engine = engine(true);
        String prefix = "https://shop.example.com/cart/";
        String longest = prefix + "x".repeat(Limits.MAX_URL_LENGTH - prefix.length());
        engine.cartUpdated(cart("c1", longest, T0), Fixtures.customer(A, "u1"));
        assertThat(store.cart(A, "c1").orElseThrow().restoreUrl()).isEqualTo(longest);
        assertThatThrownBy(() -> engine.cartUpdated(cart("c2", longest + "x", T0), Fixtures.customer(A, "u1")))
                .hasMessage("cart.restoreUrl must be at most 2048 characters");
        assertThatThrownBy(() -> engine.cartsAbandoned(List.of(new Abandonment(cart("c3", longest + "x", T0), null,
                T0)))).hasMessage("abandonments[0].cart.restoreUrl must be at most 2048 characters");
    }

    @Test
    void activityTimesMayLeadTheClockByTheSkewAndNoMore() {
        RecoveryEngine engine = engine(false);
        Instant edge = T0.plus(Limits.MAX_CLOCK_SKEW);
        engine.cartUpdated(cart("c1", null, edge), Fixtures.customer(A, "u1"));
        assertThat(store.cart(A, "c1").orElseThrow().lastActivityAt()).isEqualTo(edge);

        Instant year9999 = Instant.parse("9999-01-01T00:00:00Z");
        for (Instant late : List.of(edge.plusSeconds(1), year9999)) {
            assertThatThrownBy(() -> engine.cartUpdated(cart("c2", null, late), Fixtures.customer(A, "u1")))
                    .hasMessage("cart.lastActivityAt must not be more than 5 minutes in the future");
            assertThatThrownBy(() -> engine.orderPlaced(new Order(A, "o1", "c1", "u1", BigDecimal.ONE, late)))
                    .hasMessage("order.placedAt must not be more than 5 minutes in the future");
            assertThatThrownBy(() -> engine.ordersPlaced(List.of(new Order(A, "o1", "c1", "u1", BigDecimal.ONE, T0),
                    new Order(A, "o2", "c1", "u1", BigDecimal.ONE, late))))
                    .hasMessage("orders[1].placedAt must not be more than 5 minutes in the future");
            assertThatThrownBy(() -> engine.cartsAbandoned(List.of(new Abandonment(cart("c3", null, late), null, T0))))
                    .hasMessage("abandonments[0].cart.lastActivityAt must not be more than 5 minutes in the future");
        }
        assertThat(store.cart(A, "c2")).isEmpty();
        assertThat(store.cart(A, "c3")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        Instant newEdge = clock.instant().plus(Limits.MAX_CLOCK_SKEW);
        engine.cartUpdated(cart("c1", null, newEdge), Fixtures.customer(A, "u1"));
        assertThat(store.cart(A, "c1").orElseThrow().lastActivityAt()).isEqualTo(newEdge);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u4061lice@example.com", "<a@b.com>", "a,b@example.com", "a(x)@b.com"})
    void suppressAddressUsesTheAddressGrammar(String address) {
        RecoveryEngine engine = engine(false);
        assertThatThrownBy(() -> engine.suppressAddress(A, address, "COMPLAINT"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("email ")
                .hasMessageNotContaining("lice").hasMessageNotContaining("b.com");
        engine.suppressAddress(A, "Alice@Example.com", "COMPLAINT");
        assertThat(store.isSuppressed(A, SuppressionKey.email("alice@example.com"))).isTrue();
    }
}

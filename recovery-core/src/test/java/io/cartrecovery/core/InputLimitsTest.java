package io.cartrecovery.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputLimitsTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static CartItem item(BigDecimal price) {
        return CartItem.of("SKU", "Sweater", 1, price);
    }

    private static Cart cart(BigDecimal total, String restoreUrl) {
        return new Cart("s", "c", "u", null, USD, List.of(item(BigDecimal.ONE)), total, restoreUrl, T0);
    }

    private static Customer customer(String firstName, BigDecimal lifetimeValue) {
        return new Customer("s", "u", null, firstName, null, null, 0, lifetimeValue, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+1000000000", "1000000000000", "999999999999.99995", "1E+12", "0.00001", "1E-1000000000",
            "1.0000000000000000000000000000000000000000000000000000000000000000001"})
    void amountsOutsideTwelveDigitsAndFourDecimalsAreRefusedEverywhere(String text) {
        BigDecimal amount = new BigDecimal(text);
        assertThatThrownBy(() -> item(amount)).hasMessageStartingWith("unitPrice must");
        assertThatThrownBy(() -> cart(amount, null)).hasMessageStartingWith("total must");
        assertThatThrownBy(() -> new Order("s", "o", "c", null, amount, T0)).hasMessageStartingWith("total must");
        assertThatThrownBy(() -> customer(null, amount)).hasMessageStartingWith("lifetimeValue must");
        assertThatThrownBy(() -> StoreSettings.builder("s").highValueThreshold(amount).build())
                .hasMessageStartingWith("highValueThreshold must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999.9999", "0", "0.0001", "12.50", "1E+3", "10.000000000", "0E-20"})
    void amountsWithinTheLimitsAreAccepted(String text) {
        BigDecimal amount = new BigDecimal(text);
        assertThatCode(() -> {
            item(amount);
            cart(amount, null);
            new Order("s", "o", "c", null, amount, T0);
            customer(null, amount);
            StoreSettings.builder("s").highValueThreshold(amount).build();
        }).doesNotThrowAnyException();
    }

    @Test
    void incentivePercentagesHaveBoundedDecimals() {
        assertThat(new Incentive("CODE", new BigDecimal("12.5")).percentOff()).isEqualByComparingTo("12.5");
        assertThatThrownBy(() -> new Incentive("CODE", new BigDecimal("1E-1000000000")))
                .hasMessageStartingWith("percentOff must have at most 4 decimals");
    }

    @Test
    void quantitiesAreOneToTenThousand() {
        assertThat(CartItem.of("SKU", "Sweater", Limits.MAX_QUANTITY, BigDecimal.ONE).quantity()).isEqualTo(10_000);
        for (int quantity : new int[] {0, -1}) {
            assertThatThrownBy(() -> CartItem.of("SKU", "Sweater", quantity, BigDecimal.ONE))
                    .hasMessage("quantity must be positive");
        }
        for (int quantity : new int[] {Limits.MAX_QUANTITY + 1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> CartItem.of("SKU", "Sweater", quantity, BigDecimal.ONE))
                    .hasMessage("quantity must be at most 10000");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0007", "\t", "\u001b", "\u007f", "\u0085", "\u009f", "\u2028", "\u2029",
            "\ud800", "\udc00", "x\ud800y"})
    void controlCharactersAndLoneSurrogatesAreRefusedNamingTheField(String bad) {
        assertThatThrownBy(() -> CartItem.of("SKU", "Swe" + bad + "ater", 1, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("title must not contain");
        assertThatThrownBy(() -> CartItem.of("SK" + bad, "Sweater", 1, BigDecimal.ONE))
                .hasMessageStartingWith("sku must not contain");
        assertThatThrownBy(() -> customer("Al" + bad + "ex", BigDecimal.ZERO))
                .hasMessageStartingWith("firstName must not contain").hasMessageNotContaining("Al");
        assertThatThrownBy(() -> new Order("s", "o" + bad, "c", null, BigDecimal.ONE, T0))
                .hasMessageStartingWith("orderId must not contain");
    }

    @Test
    void pairedSurrogatesAreText() {
        assertThat(CartItem.of("SKU", "Emoji \ud83d\ude00 mug", 1, BigDecimal.ONE).title()).contains("\ud83d\ude00");
    }

    @Test
    void firstNamesAreAtMostTwoHundredCharacters() {
        assertThat(customer("A".repeat(Limits.MAX_NAME_LENGTH), BigDecimal.ZERO).firstName()).hasSize(200);
        assertThatThrownBy(() -> customer("A".repeat(Limits.MAX_NAME_LENGTH + 1), BigDecimal.ZERO))
                .hasMessage("firstName must be at most 200 characters");
    }

    @Test
    void titlesAreAtMostTheTitleLength() {
        assertThat(CartItem.of("SKU", "t".repeat(Limits.MAX_TITLE_LENGTH), 1, BigDecimal.ONE).title()).hasSize(1000);
        assertThatThrownBy(() -> CartItem.of("SKU", "t".repeat(Limits.MAX_TITLE_LENGTH + 1), 1, BigDecimal.ONE))
                .hasMessage("title must be at most 1000 characters");
    }

    @Test
    void urlsAreBoundedAsciiWithAHostAndNoUserInfo() {
        String prefix = "https://shop.example.com/r/";
        String longest = prefix + "x".repeat(Limits.MAX_URL_LENGTH - prefix.length());
        assertThat(cart(BigDecimal.ONE, longest).restoreUrl()).hasSize(Limits.MAX_URL_LENGTH);
        assertThatThrownBy(() -> new CartItem("SKU", "Sweater", 1, BigDecimal.ONE, longest + "x", null))
                .hasMessage("imageUrl must be at most 2048 characters");
        String tracked = prefix + "x".repeat(Limits.MAX_TRACKED_URL_LENGTH - prefix.length());
        assertThat(cart(BigDecimal.ONE, tracked).restoreUrl()).hasSize(Limits.MAX_TRACKED_URL_LENGTH);
        assertThatThrownBy(() -> cart(BigDecimal.ONE, tracked + "x"))
                .hasMessage("restoreUrl must be at most " + Limits.MAX_TRACKED_URL_LENGTH + " characters");
        assertThatThrownBy(() -> cart(BigDecimal.ONE, "https://shop.example.com/" + "x".repeat(1024 * 1024)))
                .hasMessageStartingWith("restoreUrl must be at most");
        assertThatThrownBy(() -> cart(BigDecimal.ONE, "https://shop.example.com@evil.com/"))
                .hasMessage("restoreUrl must not contain user info (user@host)");
        assertThatThrownBy(() -> cart(BigDecimal.ONE, "https://user:pw@shop.example.com/"))
                .hasMessageStartingWith("restoreUrl must not contain user info");
        assertThatThrownBy(() -> cart(BigDecimal.ONE, "https:///path")).hasMessageStartingWith("restoreUrl");
        assertThatThrownBy(() -> cart(BigDecimal.ONE, "https://shop.example.com/caf\u00e9"))
                .hasMessageStartingWith("restoreUrl must be printable ASCII");
        assertThatThrownBy(() -> cart(BigDecimal.ONE, "https://shop.example.com/a\u0000"))
                .hasMessageStartingWith("restoreUrl must be printable ASCII");
        assertThatThrownBy(() -> new CartItem("SKU", "Sweater", 1, BigDecimal.ONE,
                "https://cdn@evil.com/x.png", null)).hasMessageStartingWith("imageUrl must not contain user info");
    }

    @Test
    void cartsHoldAtMostTheItemLimit() {
        assertThat(Cart.MAX_ITEMS).isEqualTo(Limits.MAX_ITEMS);
    }
}

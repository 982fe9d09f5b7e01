package io.cartrecovery.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GreetingNameTest {

    private static Optional<String> greeting(String firstName) {
        return new Customer("s", "c", null, firstName, null, null, 0, BigDecimal.ZERO, true).greetingName();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alex", "Anne-Marie", "O'Brien", "D\u2019Angelo", "Jos\u00e9 Mar\u00eda", "J. R.",
            "Nguy\u1ec5n V\u0103n An", "\u674e\u5c0f\u9f99", "\u0410\u043b\u0435\u043a\u0441\u0435\u0439",
            "\u0645\u062d\u0645\u062f", "Zoe\u0308", "Mary Jo St.", "\u00c5sa"})
    void namesLikeNamesAreUsed(String name) {
        assertThat(greeting(name)).contains(name);
        assertThat(greeting("  " + name + " ")).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Visit evil.ru today for 90% off with code FREE90 - Alex", "evil.ru", "Alex evil.ru",
            "alex@evil.ru", "Alex2", "R2D2", "Anna Maria Luisa Franca", "Free", "Alex Free", "Gratis Anna",
            "Click here", "www", "Alex -", "-Alex", "Alex--Marie", "'Alex", "Al\u0000ex", "Mary  Jo", ".", "J..",
            "Alex!", "Alex, click", "https", "<b>Alex</b>", "Alex_", "   ", "Code", "Descuento Ana",
            "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anythingElseGreetsWithoutAName(String name) {
        if (name.indexOf('\u0000') >= 0) {
            return; // refused by Customer itself, see InputLimitsTest
        }
        assertThat(greeting(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {39, 40, 41})
    void theLengthBoundIsFortyCharacters(int length) {
        String name = "A".repeat(length);
        assertThat(greeting(name).isPresent()).isEqualTo(length <= Limits.MAX_GREETING_NAME_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void noNameNoGreetingName(String blank) {
        assertThat(greeting(null)).isEmpty();
        assertThat(greeting(blank)).isEmpty();
    }
}

package io.cartrecovery.openai;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormaliserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "５０％ off|50% off",            // fullwidth digits and percent sign
            "٥٠٪ off|50% off",              // Arabic-Indic digits, Arabic percent sign
            "५०‰|50%",                      // Devanagari digits, per mille
            "𝟓𝟎 ⁵|50 5",                    // mathematical and superscript digits
            "5\u200b0\u00ad%|50%",          // zero-width space, soft hyphen
            "&#53;0&#x25; &#53 0|50% 5 0",  // numeric entities, with and without semicolon
            "help＠evil．ru|help@evil.ru",   // fullwidth at and full stop
            "evil。ru|evil.ru",              // ideographic full stop
            "help [at] evil (dot) ru|help@evil.ru",
            "Fr\u0435\u0435 ѕhipping|Free shipping", // Cyrillic homoglyphs
            "Envío gratuité|Envio gratuite", // diacritics
            "Levi’s – 501|Levi's - 501",      // apostrophe, dash
            "Großartig|Grossartig"})
    void bringsLookAlikesIntoOneForm(String raw, String expected) {
        assertThat(TextNormaliser.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1\u00a0234,56 €", "1\u202f234,56 €"})
    void keepsNoBreakSpacesThatGroupDigits(String price) {
        assertThat(TextNormaliser.normalise(price)).isEqualTo("1\u00a0234,56 €");
    }
}

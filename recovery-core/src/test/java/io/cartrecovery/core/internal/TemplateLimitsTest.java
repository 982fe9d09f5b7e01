package io.cartrecovery.core.internal;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import static io.cartrecovery.core.internal.TemplateGeneratorTest.customer;
import static io.cartrecovery.core.internal.TemplateGeneratorTest.request;
import static io.cartrecovery.core.internal.TemplateGeneratorTest.settings;
import static io.cartrecovery.core.internal.TemplateGeneratorTest.step;
import static org.assertj.core.api.Assertions.assertThat;

class TemplateLimitsTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private final MustacheTemplateGenerator generator = new MustacheTemplateGenerator();

    private static Cart cart(int lines, String title) {
        List<CartItem> items = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            items.add(new CartItem("SKU-" + i, title + i, Limits.MAX_QUANTITY,
                    new BigDecimal("999999999999.9999"), "https://cdn.example.com/" + "\"".repeat(0) + "i".repeat(
                    Limits.MAX_URL_LENGTH - 30), null));
        }
        return new Cart("s1", "c1", "u1", null, Currency.getInstance("EUR"), items,
                new BigDecimal("999999999999.9999"), "https://shop.example.com/r", AT);
    }

    private Message render(Cart cart, Customer customer, Locale locale, Tone tone) {
        return generator.generate(request(settings(Locale.ENGLISH), cart, customer, step(tone, null), locale));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Visit evil.ru today for 90% off with code FREE90 - Alex", "alex@evil.ru", "Alex2"})
    void aFirstNameThatIsNoNameIsNotGreeted(String firstName) {
        Message message = render(cart(1, "Sweater"), customer(Locale.US, firstName), Locale.US, Tone.HELPFUL_REMINDER);
        assertThat(message.textBody()).startsWith("Hi,").doesNotContain("evil").doesNotContain("Alex");
        assertThat(message.htmlBody()).contains("<p>Hi,</p>").doesNotContain("evil").doesNotContain("Alex");
        String overridden = generator.generate(request(StoreSettings.builder("s1")
                .templateOverride("en/HELPFUL_REMINDER.subject", "{{#firstName}}{{firstName}}, {{/firstName}}your cart")
                .build(), cart(1, "Sweater"), customer(Locale.US, firstName), step(Tone.HELPFUL_REMINDER, null),
                Locale.US)).subject();
        assertThat(overridden).isEqualTo("your cart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alex", "Anne-Marie O'Brien", "Jos\u00e9"})
    void aNameIsGreeted(String firstName) {
        Message message = render(cart(1, "Sweater"), customer(Locale.US, "  " + firstName), Locale.US,
                Tone.HELPFUL_REMINDER);
        assertThat(message.textBody()).startsWith("Hi " + firstName + ",");
    }

    @ParameterizedTest
    @CsvSource({"en-US, and 490 more", "de-DE, und 490 weitere", "fr-FR, et 490 autres articles",
            "es-ES, y 490 más"})
    void theLargestAcceptedCartListsTheFirstItemsAndCountsTheRest(String tag, String more) {
        Locale locale = Locale.forLanguageTag(tag);
        Cart cart = cart(Limits.MAX_ITEMS, "&\"<>'".repeat(Limits.MAX_TITLE_LENGTH / 5 - 1));
        for (Tone tone : Tone.values()) {
            Message message = render(cart, customer(locale, "Alex"), locale, tone);
            assertThat(message.textBody()).contains(more).contains("0: ").contains("9: ").doesNotContain("10: ");
            assertThat(message.htmlBody()).contains(more);
            long bytes = message.textBody().getBytes(StandardCharsets.UTF_8).length
                    + message.htmlBody().getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isLessThan(Limits.MAX_MESSAGE_BYTES / 2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 10})
    void smallCartsListEveryItemAndSayNothingMore(int lines) {
        Message message = render(cart(lines, "Sweater"), customer(Locale.US, "Alex"), Locale.US, Tone.SOCIAL_PROOF);
        assertThat(message.textBody()).doesNotContain("more").contains("Sweater" + (lines - 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aSubjectCutAtItsLengthNeverSplitsACharacter(int shift) {
        String title = "x".repeat(shift) + "\ud83d\ude00".repeat(200);
        List<String> subjects = new ArrayList<>();
        for (Tone tone : Tone.values()) {
            subjects.add(render(cart(1, title), customer(Locale.US, "Alex"), Locale.US, tone).subject());
        }
        assertThat(subjects).anyMatch(subject -> subject.endsWith("\u2026")); // some name the product: cut
        assertThat(subjects).allMatch(subject -> subject.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff));
    }
}

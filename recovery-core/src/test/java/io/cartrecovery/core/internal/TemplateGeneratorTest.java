package io.cartrecovery.core.internal;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateGeneratorTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final Incentive SAVE10 = Incentive.percentOff("SAVE10", 10);
    /** Set -Dgolden.update=true to rewrite the golden files after a deliberate template change. */
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private final MustacheTemplateGenerator generator = new MustacheTemplateGenerator();

    static Stream<Arguments> localesAndTones() {
        List<Arguments> cases = new ArrayList<>();
        for (String lang : List.of("en", "de", "fr", "es")) {
            for (Tone tone : Tone.values()) {
                cases.add(Arguments.of(lang, tone));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("localesAndTones")
    void rendersEveryLocaleAndToneAsItsGoldenFile(String lang, Tone tone) throws IOException {
        Locale locale = Locale.forLanguageTag(lang.equals("en") ? "en-US" : lang + "-" + lang.toUpperCase(Locale.ROOT));
        Currency currency = Currency.getInstance(lang.equals("en") ? "USD" : "EUR");
        Incentive incentive = tone == Tone.LAST_CHANCE ? SAVE10 : null;

        Message message = generator.generate(request(settings(Locale.ENGLISH), cart(currency, "Merino Wool Sweater"),
                customer(locale, "Alex"), step(tone, incentive), locale));

        String golden = "golden/" + lang + "/" + tone + ".txt";
        assertThat(show(message)).isEqualTo(golden(golden, show(message)));
    }

    @Test
    void formatsMoneyForTheLocaleAndCurrency() {
        Message german = render(settings(Locale.GERMANY), "EUR", "Mantel", Locale.GERMANY,
                null, Tone.HELPFUL_REMINDER, null, Locale.GERMANY);
        Message american = render(settings(Locale.US), "USD", "Coat", Locale.US,
                null, Tone.HELPFUL_REMINDER, null, Locale.US);

        // The JDK's CLDR data puts a no-break space between amount and euro sign, so it never wraps apart.
        assertThat(german.textBody()).contains("1.234,56\u00a0€").contains("Gesamt: 1.246,56\u00a0€");
        assertThat(german.htmlBody()).contains("1.234,56\u00a0€");
        assertThat(american.textBody()).contains("$1,234.56").contains("Total: $1,246.56");
    }

    @Test
    void dataEnteringHtmlIsEscapedSoAScriptTitleStaysInert() {
        String title = "<script>alert('x')</script> & \"Co\"";
        Message message = render(settings(Locale.US), "USD", title, Locale.US,
                "<b>Eve</b>", Tone.SOCIAL_PROOF, null, Locale.US);

        // "<b>Eve</b>" is no name (see Customer#greetingName), so it is not greeted at all any more
        assertThat(message.htmlBody()).doesNotContain("<script>").doesNotContain("Eve")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;");
        assertThat(render(settings(Locale.US), "USD", title, Locale.US, "O'Brien", Tone.SOCIAL_PROOF, null,
                Locale.US).htmlBody()).contains("Hi O&#39;Brien,");
        assertThat(message.textBody()).contains(title); // plain text is not HTML: no entities there
        assertThat(message.subject()).isEqualTo("Customers love " + title);
    }

    @Test
    void incentiveCodeAppearsOnlyOnStepsThatGrantOne() {
        Message without = render(settings(Locale.US), "USD", "Coat", Locale.US,
                null, Tone.LAST_CHANCE, null, Locale.US);
        Message with = render(settings(Locale.US), "USD", "Coat", Locale.US,
                null, Tone.HELPFUL_REMINDER, SAVE10, Locale.US);

        assertThat(without.subject()).isEqualTo("Last chance: your cart is about to expire");
        assertThat(without.textBody() + without.htmlBody() + without.preheader()).doesNotContain("SAVE10").doesNotContain("% off");
        assertThat(with.textBody()).contains("Use code SAVE10 for 10% off your order.");
        assertThat(with.htmlBody()).contains("<strong>SAVE10</strong>");
    }

    @Test
    void aMissingTranslationFallsBackToEnglishAndSaysSoInTheLog() {
        Locale italian = Locale.forLanguageTag("it-IT");
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Message message;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            message = render(settings(italian), "EUR", "Cappotto", italian,
                    null, Tone.HELPFUL_REMINDER, null, italian);
        } finally {
            System.setErr(original);
        }

        assertThat(message.subject()).isEqualTo("You left Cappotto in your cart");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("no message templates for locale it-IT; falling back to English");
    }

    @Test
    void customerLocaleFirstThenStoreLocale() {
        Locale italian = Locale.forLanguageTag("it-IT");
        Message storeGerman = render(settings(Locale.GERMANY), "EUR", "Mantel", italian,
                null, Tone.HELPFUL_REMINDER, null, italian);
        Message customerFrench = render(settings(Locale.GERMANY), "EUR", "Manteau", Locale.FRANCE,
                null, Tone.HELPFUL_REMINDER, null, Locale.FRANCE);

        assertThat(storeGerman.subject()).isEqualTo("Sie haben Mantel im Warenkorb vergessen");
        assertThat(customerFrench.subject()).isEqualTo("Vous avez oublié Manteau dans votre panier");
    }

    @Test
    void storeOverridesReplaceBuiltInTemplatesAndStillEscapeInHtml() {
        StoreSettings settings = StoreSettings.builder("s1")
                .templateOverride("en/HELPFUL_REMINDER.subject", "{{firstName}}, {{product}} misses you")
                .templateOverride("en/email.html", "<div>{{intro}}</div><a href=\"{{restoreUrl}}\">{{cta}}</a>")
                .build();
        Message message = render(settings, "USD", "Tea & Cups", Locale.US,
                "Alex", Tone.HELPFUL_REMINDER, null, Locale.US);

        assertThat(message.subject()).isEqualTo("Alex, Tea & Cups misses you");
        assertThat(message.htmlBody()).startsWith("<div>We saved your cart for you.")
                .endsWith("<a href=\"https://shop.example.com/cart/c1/restore\">Complete your order</a>");
    }

    @Test
    void anOverrideThatRendersBlankGivesWayToTheBuiltInTemplate() {
        StoreSettings settings = StoreSettings.builder("s1").templateOverride("en/SOCIAL_PROOF.cta", "{{missing}}").build();
        Message message = render(settings, "USD", "Coat", Locale.US, null, Tone.SOCIAL_PROOF, null, Locale.US);

        assertThat(message.callToAction()).isEqualTo("Return to your cart");
    }

    @Test
    void overridesCannotReadOtherResourcesOrReachJavaObjects() {
        StoreSettings settings = StoreSettings.builder("s1")
                .templateOverride("en/HELPFUL_REMINDER.subject", "{{> ../../../../../META-INF/MANIFEST.MF}}")
                .templateOverride("en/HELPFUL_REMINDER.cta", "Buy {{product.class.name}}{{product.bytes}}")
                .build();
        Message message = render(settings, "USD", "Coat", Locale.US, null, Tone.HELPFUL_REMINDER, null, Locale.US);

        assertThat(message.subject()).isEqualTo("You left Coat in your cart"); // partials refused: built-in used
        assertThat(message.callToAction()).isEqualTo("Buy");
    }

    @Test
    void theEngineDefaultIsTheMustacheGenerator() {
        assertThat(MessageGenerator.templates()).isInstanceOf(MustacheTemplateGenerator.class);
    }

    private Message render(StoreSettings settings, String currency, String title, Locale customerLocale,
                           String firstName, Tone tone, Incentive incentive, Locale locale) {
        return generator.generate(request(settings, cart(Currency.getInstance(currency), title),
                customer(customerLocale, firstName), step(tone, incentive), locale));
    }

    private static String show(Message message) {
        return "subject: " + message.subject() + "\npreheader: " + message.preheader() + "\ncta: "
                + message.callToAction() + "\n--- text\n" + message.textBody() + "--- html\n" + message.htmlBody();
    }

    private static String golden(String resource, String actual) throws IOException {
        if (UPDATE) {
            Path file = Path.of("src/test/resources", resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return actual;
        }
        try (InputStream in = TemplateGeneratorTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("golden file " + resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static StoreSettings settings(Locale locale) {
        return StoreSettings.builder("s1").locale(locale).build();
    }

    static Cart cart(Currency currency, String firstTitle) {
        return new Cart("s1", "c1", "u1", null, currency, List.of(
                new CartItem("SKU-1", firstTitle, 1, new BigDecimal("1234.56"), "https://cdn.example.com/1.jpg", 3),
                new CartItem("SKU-2", "Socks", 2, new BigDecimal("6.00"), null, null)),
                new BigDecimal("1246.56"), "https://shop.example.com/cart/c1/restore", AT);
    }

    static Customer customer(Locale locale, String firstName) {
        return new Customer("s1", "u1", "u1@example.com", firstName, locale, null, 1, BigDecimal.TEN, true);
    }

    static StepDefinition step(Tone tone, Incentive incentive) {
        return new StepDefinition("EMAIL_24H", Duration.ofHours(24), Channel.EMAIL, tone, incentive);
    }

    static MessageRequest request(StoreSettings settings, Cart cart, Customer customer, StepDefinition step,
                                  Locale locale) {
        return new MessageRequest(settings, cart, customer, SequenceType.RETURNING, step, locale, null);
    }
}

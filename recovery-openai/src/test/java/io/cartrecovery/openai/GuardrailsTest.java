package io.cartrecovery.openai;

import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.Tone;
import io.cartrecovery.openai.Guardrails.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Set;

import static io.cartrecovery.openai.Completions.content;
import static io.cartrecovery.openai.Completions.request;
import static org.assertj.core.api.Assertions.assertThat;

class GuardrailsTest {
    private static final String SUBJECT = "Your Merino Wool Sweater is waiting";
    private final Guardrails guardrails = new Guardrails(Completions.JSON);

    private Set<Violation> text(String bodyText) {
        return review(content(SUBJECT, "", bodyText, "<p>Merino Wool Sweater</p>", "Back to cart"), request());
    }

    private Set<Violation> html(String bodyHtml) {
        return review(content(SUBJECT, "", "Merino Wool Sweater", bodyHtml, "Back to cart"), request());
    }

    private Set<Violation> withIncentive(String bodyText) {
        MessageRequest base = request();
        return review(content(SUBJECT, "", bodyText, "<p>Merino Wool Sweater</p>", "Back to cart"),
                Completions.request(base.cart(), base.customer(), Completions.step(Tone.LAST_CHANCE,
                        Completions.tenPercent())));
    }

    private Set<Violation> review(String content, MessageRequest request) {
        return guardrails.review(content, request).violations();
    }

    @Test
    void aGoodAnswerPasses() {
        Guardrails.Verdict verdict = guardrails.review(Completions.goodContent(), request());
        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.draft().subject()).isEqualTo("{{first_name}}, your Merino Wool Sweater is waiting");
    }

    @Test
    void answersOutsideTheSchemaAreRejected() {
        assertThat(review("Dear customer, your cart is waiting", request())).containsExactly(Violation.SCHEMA);
        assertThat(review("{\"subject\":\"Merino Wool Sweater\"}", request())).containsExactly(Violation.SCHEMA);
        assertThat(review(Completions.goodContent().replace("}", ",\"extra\":\"x\"}"), request()))
                .containsExactly(Violation.SCHEMA);
        assertThat(review(Completions.goodContent().replace("\"Complete my order\"", "42"), request()))
                .containsExactly(Violation.SCHEMA);
    }

    @Test
    void blankOrMultilineFieldsAreRejected() {
        assertThat(review(content(" ", "", "Merino Wool Sweater", "<p>x</p>", "Go"), request()))
                .containsExactly(Violation.FORMAT);
        assertThat(review(content("Merino Wool Sweater\nBuy now", "", "x", "<p>x</p>", "Go"), request()))
                .containsExactly(Violation.FORMAT);
    }

    @Test
    void lengthLimitsHold() {
        String subject81 = "Merino Wool Sweater " + "x".repeat(61);
        assertThat(subject81).hasSize(81);
        assertThat(review(content(subject81, "", "x", "<p>x</p>", "Go"), request())).containsExactly(Violation.LENGTH);
        assertThat(review(content(subject81.substring(0, 80), "", "x", "<p>x</p>", "Go"), request())).isEmpty();
        assertThat(review(content(SUBJECT, "", "x", "<p>x</p>", "C".repeat(41)), request()))
                .containsExactly(Violation.LENGTH);
    }

    @Test
    void htmlIsLimitedToTheAllowListWithoutAttributes() {
        assertThat(html("<p>One</p><br><br/><strong>a</strong><em>b</em><b>c</b><i>d</i><ol><li>e</li></ol>"
                + "<ul><li>f</li></ul>")).isEmpty();
        assertThat(html("<p class=\"hero\">Hi</p>")).containsExactly(Violation.HTML);
        assertThat(html("<script>alert(1)</script>")).containsExactly(Violation.HTML);
        assertThat(html("<img src=x onerror=alert(1)>")).containsExactly(Violation.HTML);
        assertThat(html("<!-- note --><p>Hi</p>")).containsExactly(Violation.HTML);
        assertThat(html("<p>Hi <b</p>")).containsExactly(Violation.HTML);
        assertThat(html("<a href=\"https://evil.example.com\">Buy</a>")).contains(Violation.HTML, Violation.URL);
    }

    @Test
    void atLeastOneProductOfTheCartIsNamed() {
        assertThat(review(content("Your cart misses you", "", "Come back soon", "<p>Come back</p>", "Go"), request()))
                .containsExactly(Violation.NO_PRODUCT);
        assertThat(review(content("Your cart misses you", "", "The leather gloves are waiting", "<p>x</p>", "Go"),
                request())).isEmpty(); // case-insensitive
    }

    @Test
    void linksAndContactDetailsAreRejected() {
        assertThat(text("See https://shop.example.com/deal")).contains(Violation.URL);
        assertThat(text("Visit www.example.org")).contains(Violation.URL);
        assertThat(text("Visit great-deals.shop today")).contains(Violation.URL);
        assertThat(text("[Merino](javascript:alert)")).contains(Violation.URL);
        assertThat(text("Questions? help@example.com")).contains(Violation.EMAIL);
        assertThat(text("Call us at +1 (555) 123-4567")).containsExactly(Violation.PHONE);
        assertThat(text("Call 030 12345678")).containsExactly(Violation.PHONE);
    }

    @Test
    void onlyAmountsTheCartHoldsMayBeStated() {
        assertThat(text("Now only $79.00!")).containsExactly(Violation.AMOUNT);
        assertThat(text("Save 20 USD today")).containsExactly(Violation.AMOUNT);
        assertThat(text("Take $10 off")).containsExactly(Violation.AMOUNT);
        assertThat(text("Only 14.99 for the pair")).containsExactly(Violation.AMOUNT); // two decimals read as money
        assertThat(text("Sweater $89, socks 3 × 12,50 € = 37.50 USD, gloves 45.00 $, total $171.50")).isEmpty();
        assertThat(text("Only 3 left, ships within 24 hours")).isEmpty(); // counts are not amounts
    }

    @Test
    void onlyTheIncentivesPercentageMayBeStated() {
        assertThat(text("Take 15% off")).containsExactly(Violation.PERCENTAGE);
        assertThat(text("10 percent off today")).containsExactly(Violation.PERCENTAGE); // no incentive on this step
        assertThat(withIncentive("Take 10% off with code SAVE10")).isEmpty();
        assertThat(withIncentive("Take 10 % off with code SAVE10")).isEmpty();
        assertThat(withIncentive("Take 20% off with code SAVE10")).containsExactly(Violation.PERCENTAGE);
        assertThat(withIncentive("Take 10&#37; off with code SAVE10")).isEmpty();
    }

    @Test
    void onlyTheStepsDiscountCodeMayBeStated() {
        assertThat(withIncentive("Use code SAVE20 for 10% off")).containsExactly(Violation.DISCOUNT_CODE);
        assertThat(withIncentive("Use SAVE10")).isEmpty();
        assertThat(text("Use code WELCOME at checkout")).containsExactly(Violation.DISCOUNT_CODE);
        assertThat(text("Enter SAVE10 at checkout")).containsExactly(Violation.DISCOUNT_CODE);
        assertThat(text("Mit dem Gutscheincode: HERBST24 sparen")).contains(Violation.DISCOUNT_CODE, Violation.OFFER);
        assertThat(text("Use the code below")).isEmpty();
    }

    @Test
    void aStepsCodeWithAccentsIsReadAsNormalisedToo() {
        MessageRequest base = request();
        MessageRequest summer = Completions.request(base.cart(), base.customer(), Completions.step(Tone.LAST_CHANCE,
                io.cartrecovery.core.Incentive.percentOff("ÉTÉ20", 20)));
        String text = "Avec le code ÉTÉ20, 20 % de réduction sur le Merino Wool Sweater.";
        assertThat(review(content(SUBJECT, "", text, "<p>" + text + "</p>", "Go"), summer)).isEmpty();
        assertThat(review(content(SUBJECT, "", text.replace("ÉTÉ20", "ÉTÉ30"), "<p>x</p>", "Go"), summer))
                .containsExactly(Violation.DISCOUNT_CODE);
    }

    @Test
    void unknownPlaceholdersAreRejected() {
        assertThat(text("Hi {{last_name}}")).containsExactly(Violation.PLACEHOLDER);
        assertThat(text("Hi {{first_name}}")).isEmpty();
    }

    @Test
    void numbersInsideProductTitlesAreNotOffers() {
        MessageRequest request = Completions.request(Completions.cartOf("cart-2", "Socks 3-Pack, 50% Cotton, SKU77B"),
                Completions.customer("c-1", null), Completions.step(Tone.HELPFUL_REMINDER, null));
        String named = "Your Socks 3-Pack, 50% Cotton, SKU77B ($40.00) is waiting";
        assertThat(review(content("Still thinking?", "", named, "<p>" + named + "</p>", "Go"), request)).isEmpty();
        String offer = named + ". Today 50% off!";
        assertThat(review(content("Still thinking?", "", offer, "<p>x</p>", "Go"), request))
                .containsExactly(Violation.PERCENTAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"1,234.56;1234.56", "1.234,56;1234.56", "89,00;89.00", "89.00;89",
            "1\u00a0234,56;1234.56", "1\u202f234,56;1234.56", "12.500;12500", "1,000;1000", "12.5;12.5",
            "1'234.50;1234.5", "1,234,567;1234567", "7;7"})
    void readsAmountsInTheUsualNotations(String raw, String expected) {
        assertThat(Amounts.amount(raw)).isEqualByComparingTo(new BigDecimal(expected));
    }

    /**
     * Answers at the length limits built to make a regular expression backtrack or recurse: each is reviewed in
     * linear time and without a StackOverflowError (an unbounded group repetition once overflowed on "a.a.a...").
     */
    @Test
    void longPathologicalAnswersAreReviewedQuickly() {
        String[] shapes = {"a.", "aa.", "1 ", "F R ", "F.R.", "x-", "9.", "1.1.", "(1)", "$1 ", "free ", "@a", "&#5",
                "\u200b5", "code ", "Merino Wool Sweater "};
        for (String shape : shapes) {
            String text = shape.repeat(Guardrails.MAX_BODY_TEXT / shape.length());
            String html = "<p>" + shape.repeat((Guardrails.MAX_BODY_HTML - 8) / shape.length()) + "</p>";
            long start = System.nanoTime();
            guardrails.review(content(SUBJECT, "", text, html, "Back to cart"), request());
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as(shape)
                    .isLessThan(java.time.Duration.ofSeconds(2));
        }
    }
}

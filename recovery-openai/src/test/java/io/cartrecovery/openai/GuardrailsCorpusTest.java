package io.cartrecovery.openai;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.test.Fixtures;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.cartrecovery.openai.Completions.completion;
import static io.cartrecovery.openai.Completions.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adversarial and benign corpora in {@code src/test/resources/guardrails}: every adversarial completion is
 * caught by its rule and, through the real generator against the mock API, ends as the templates' message; every
 * benign completion passes and is sent as the model wrote it.
 */
class GuardrailsCorpusTest extends MockApi {
    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
    private static final Map<String, Locale> LOCALES = Map.of("en", Locale.US, "de", Locale.GERMANY,
            "fr", Locale.FRANCE, "es", Locale.forLanguageTag("es-ES"));
    private static final Map<String, String> CALLS_TO_ACTION = Map.of("en", "Back to cart", "de", "Zum Warenkorb",
            "fr", "Voir mon panier", "es", "Ver mi carrito");
    private final Guardrails guardrails = new Guardrails(Completions.JSON);

    /** One line of a corpus; {@code violation} is {@code null} for a benign one. */
    record Case(int line, Guardrails.Violation violation, String step, String cart, String language, String field,
                String text) {
        @Override
        public String toString() {
            return "line " + line + " [" + language + ", " + step + ", " + cart + ", " + field + "] " + text;
        }

        MessageRequest request() {
            Currency currency = Currency.getInstance(language.equals("en") ? "USD" : "EUR");
            List<CartItem> items = switch (cart) {
                case "sweater" -> Fixtures.cart(Completions.STORE, "cart-1", "c-1", Fixtures.T0).items();
                case "nike" -> List.of(CartItem.of("SKU-N", "Nike Air Max 90", 1, new BigDecimal("120.00")));
                case "levis" -> List.of(CartItem.of("SKU-L", "Levi's 501 Original Jeans", 1, new BigDecimal("99.95")));
                default -> throw new IllegalArgumentException("unknown cart " + cart);
            };
            BigDecimal total = items.stream().map(CartItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
            Cart value = new Cart(Completions.STORE, "cart-1", "c-1", null, currency, items, total,
                    "https://shop.example.com/cart/cart-1/restore", Fixtures.T0);
            Incentive incentive = step.equals("none") ? null : Incentive.percentOff(step, 10);
            return new MessageRequest(StoreSettings.defaults(Completions.STORE), value,
                    Completions.customer("c-1", "Alex"), SequenceType.FIRST_TIME,
                    Completions.step(Tone.LAST_CHANCE, incentive), LOCALES.get(language), null);
        }

        /** The completion's content: {@link #text} in its field, the product named in the others. */
        String content() {
            String title = request().cart().items().get(0).title();
            String cta = CALLS_TO_ACTION.get(language);
            return switch (field) {
                case "text" -> Completions.content(title, "", text, "<p>" + text + "</p>", cta);
                case "html" -> Completions.content(title, "", title, text, cta);
                case "subject" -> Completions.content(text, "", title, "<p>" + title + "</p>", cta);
                case "cta" -> Completions.content(title, "", title, "<p>" + title + "</p>", text);
                default -> throw new IllegalArgumentException("unknown field " + field);
            };
        }
    }

    static List<Case> adversarial() {
        return load("guardrails/adversarial.txt", true);
    }

    static List<Case> benign() {
        return load("guardrails/benign.txt", false);
    }

    @ParameterizedTest
    @MethodSource("adversarial")
    void everyAdversarialCompletionIsCaughtByItsRule(Case sample) {
        assertThat(guardrails.review(sample.content(), sample.request()).violations()).contains(sample.violation());
    }

    @ParameterizedTest
    @MethodSource("adversarial")
    void noAdversarialCompletionReachesTheSender(Case sample) {
        answerEveryRequestWith(sample.content());
        OpenAiMessageGenerator generator = builder().build();
        MessageRequest request = sample.request();

        Message message = generator.generate(request);

        assertThat(message).isEqualTo(MessageGenerator.templates().generate(request));
        assertThat(server.getRequestCount()).isEqualTo(2); // the answer, and the regenerated answer
        assertThat(generator.stats().guardrailRejections()).isEqualTo(2);
        assertThat(generator.stats().fallbacks()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("benign")
    void everyBenignCompletionPasses(Case sample) {
        assertThat(guardrails.review(sample.content(), sample.request()).violations()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("benign")
    void everyBenignCompletionIsSentAsWritten(Case sample) {
        answerEveryRequestWith(sample.content());
        OpenAiMessageGenerator generator = builder().build();
        MessageRequest request = sample.request();

        Message message = generator.generate(request);

        assertThat(message).isNotEqualTo(MessageGenerator.templates().generate(request));
        assertThat(message.textBody().replace("Alex", "{{first_name}}")).contains(sample.field().equals("text")
                ? sample.text() : request.cart().items().get(0).title());
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(generator.stats().fallbacks()).isZero();
    }

    @Test
    void theCorporaCoverEveryLanguageAndRule() {
        List<Case> adversarial = adversarial();
        assertThat(adversarial).hasSizeGreaterThanOrEqualTo(150);
        assertThat(benign()).hasSizeGreaterThanOrEqualTo(30);
        for (List<Case> corpus : List.of(adversarial, benign())) {
            assertThat(corpus.stream().map(Case::language).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("en", "de", "fr", "es");
            assertThat(corpus.stream().map(Case::step).collect(Collectors.toSet())).contains("none", "SAVE10");
        }
        assertThat(adversarial.stream().map(Case::violation).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                Guardrails.Violation.OFFER, Guardrails.Violation.PERCENTAGE, Guardrails.Violation.AMOUNT,
                Guardrails.Violation.DISCOUNT_CODE, Guardrails.Violation.URL, Guardrails.Violation.EMAIL,
                Guardrails.Violation.PHONE);
    }

    private void answerEveryRequestWith(String content) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) {
                return ok(completion(content));
            }
        });
    }

    private static List<Case> load(String resource, boolean withViolation) {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = GuardrailsCorpusTest.class.getClassLoader().getResourceAsStream(resource);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\|", withViolation ? 6 : 5);
                int i = withViolation ? 1 : 0;
                cases.add(new Case(number, withViolation ? Guardrails.Violation.valueOf(parts[0]) : null, parts[i],
                        parts[i + 1], parts[i + 2], parts[i + 3], unescape(parts[i + 4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static String unescape(String text) {
        Matcher escape = ESCAPE.matcher(text);
        return escape.replaceAll(m -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
}

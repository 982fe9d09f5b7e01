package io.cartrecovery.benchmarks;

import io.cartrecovery.core.Cart;
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
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.cartrecovery.core.CartItem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Localized emails rendered per second by the built-in mustache generator: subject, preheader, call to action,
 * text and HTML body of a three-item cart, cycling through en-US, de-DE, fr-FR and es-ES and every tone.
 * Target: at least 50,000 per second on one thread.
 *
 * <p>{@code bareMustacheRender} is the floor to compare it with, measured in the same run: mustache.java alone
 * rendering the same six templates of the same emails from a scope built beforehand, with a plain
 * {@link DefaultMustacheFactory} (HTML escaped in the HTML layout only, as the generator does). The ratio of the two
 * does not move with the machine; {@link Ratios} prints it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class TemplateRenderBenchmark {
    private static final String STORE = "bench-store";
    private static final String TEMPLATES = "io/cartrecovery/core/templates";
    /** mustache.java's own factory, HTML escaping: the HTML layout. */
    private static final DefaultMustacheFactory ESCAPED = new DefaultMustacheFactory(TEMPLATES);
    /** The same, writing values as they are: the text parts. */
    private static final DefaultMustacheFactory PLAIN = new DefaultMustacheFactory(TEMPLATES) {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException("cannot write", e);
            }
        }
    };

    private final List<MessageRequest> requests = new ArrayList<>();
    private final MessageGenerator generator = MessageGenerator.templates();
    private final List<BareEmail> bare = new ArrayList<>();
    private int next;

    /** One email's six templates, compiled by mustache.java alone, and the values they see. */
    private record BareEmail(Mustache subject, Mustache preheader, Mustache cta, Mustache intro, Mustache text,
                             Mustache html, Map<String, Object> values) {}

    @Setup
    public void prepare() {
        StoreSettings settings = StoreSettings.defaults(STORE);
        List<Locale> locales = List.of(Locale.US, Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("es-ES"));
        int i = 0;
        for (Locale locale : locales) {
            for (Tone tone : Tone.values()) {
                Cart cart = BenchmarkData.cart(STORE, i, BenchmarkData.T0);
                if (!locale.equals(Locale.US)) {
                    cart = new Cart(cart.storeId(), cart.cartId(), cart.customerId(), cart.storefrontToken(),
                            Currency.getInstance("EUR"), cart.items(), cart.total(), cart.restoreUrl(),
                            cart.lastActivityAt());
                }
                Customer base = BenchmarkData.customer(STORE, i);
                Customer customer = new Customer(STORE, base.customerId(), base.email(), base.firstName(), locale,
                        base.timeZone(), 0, BigDecimal.ZERO, true);
                Incentive incentive = tone == Tone.LAST_CHANCE ? Incentive.percentOff("SAVE10", 10) : null;
                StepDefinition step = new StepDefinition("EMAIL_" + tone, Duration.ofHours(24), Channel.EMAIL, tone,
                        incentive);
                requests.add(new MessageRequest(settings, cart, customer, SequenceType.FIRST_TIME, step, locale, null));
                bare.add(bareEmail(locale, tone, cart, customer, incentive));
                i++;
            }
        }
    }

    @Benchmark
    public Message renderHtmlAndTextEmail() {
        MessageRequest request = requests.get(next);
        next = (next + 1) % requests.size();
        return generator.generate(request);
    }

    @Benchmark
    public Message bareMustacheRender() {
        BareEmail email = bare.get(next);
        next = (next + 1) % bare.size();
        Map<String, Object> scope = new HashMap<>(email.values());
        String subject = render(email.subject(), scope).strip(); // the one-line parts end with the file's newline
        String preheader = render(email.preheader(), scope).strip();
        String cta = render(email.cta(), scope).strip();
        scope.put("subject", subject);
        scope.put("preheader", preheader);
        scope.put("cta", cta);
        scope.put("intro", render(email.intro(), scope).strip());
        return new Message(subject, preheader, render(email.text(), scope), render(email.html(), scope), cta);
    }

    private static String render(Mustache template, Map<String, Object> scope) {
        StringWriter out = new StringWriter(256);
        template.execute(out, scope);
        return out.toString();
    }

    /** The templates the generator picks for this email, and the values its scope would hold, formatted once. */
    private static BareEmail bareEmail(Locale locale, Tone tone, Cart cart, Customer customer, Incentive incentive) {
        String folder = locale.getLanguage() + "/";
        NumberFormat money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(cart.currency());
        List<Map<String, Object>> items = new ArrayList<>();
        for (CartItem item : cart.items()) {
            items.add(Map.of("title", item.title(), "quantity", item.quantity(), "unitPrice",
                    money.format(item.unitPrice()), "lineTotal", money.format(item.lineTotal()), "imageUrl",
                    item.imageUrl() == null ? "" : item.imageUrl()));
        }
        Map<String, Object> values = new HashMap<>();
        values.put("lang", locale.getLanguage());
        values.put("firstName", customer.firstName());
        values.put("product", cart.items().get(0).title());
        values.put("itemCount", cart.items().size());
        values.put("items", items);
        values.put("total", money.format(cart.total()));
        values.put("restoreUrl", cart.restoreUrl());
        if (incentive != null) {
            values.put("incentive", Map.of("code", incentive.code(), "percent",
                    incentive.percentOff().stripTrailingZeros().toPlainString()));
        }
        String prefix = folder + tone + ".";
        return new BareEmail(PLAIN.compile(prefix + "subject.mustache"), PLAIN.compile(prefix + "preheader.mustache"),
                PLAIN.compile(prefix + "cta.mustache"), PLAIN.compile(prefix + "intro.mustache"),
                PLAIN.compile(folder + "email.txt.mustache"), ESCAPED.compile(folder + "email.html.mustache"), values);
    }
}

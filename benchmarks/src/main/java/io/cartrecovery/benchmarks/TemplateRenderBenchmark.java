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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Localized emails rendered per second by the built-in mustache generator: subject, preheader, call to action,
 * text and HTML body of a three-item cart, cycling through en-US, de-DE, fr-FR and es-ES and every tone.
 * Target: at least 50,000 per second on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class TemplateRenderBenchmark {
    private static final String STORE = "bench-store";

    private final List<MessageRequest> requests = new ArrayList<>();
    private final MessageGenerator generator = MessageGenerator.templates();
    private int next;

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
}

package io.cartrecovery.benchmarks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.smtp.Security;
import io.cartrecovery.smtp.SmtpSender;
import io.cartrecovery.smtp.StoreMailSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Emails per second through {@link SmtpSender} to a local SMTP server (GreenMail, in the same JVM) over the
 * reused connection. Target: at least 500 per second. Every send must be accepted, or the run fails.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SmtpSenderBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmtpSenderBenchmark {
    private GreenMail greenMail;
    private SmtpSender sender;
    private Delivery delivery;

    @Setup(Level.Trial)
    public void start() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        sender = SmtpSender.builder()
                .host(greenMail.getSmtp().getBindTo()).port(greenMail.getSmtp().getPort()).security(Security.NONE)
                .store("store-a", StoreMailSettings.builder("shop@shop.example.com").fromName("Müller Shop")
                        .unsubscribeUrlTemplate("https://shop.example.com/u?s={storeId}&q={sequenceId}").build())
                .build();
        delivery = delivery();
    }

    @TearDown(Level.Iteration)
    public void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @TearDown(Level.Trial)
    public void stop() {
        sender.close();
        greenMail.stop();
    }

    @Benchmark
    public SendResult sendOneEmail() {
        SendResult result = sender.send(delivery);
        if (result.status() != SendResult.Status.DELIVERED) {
            throw new IllegalStateException("not delivered: " + result.detail());
        }
        return result;
    }

    /** A template-sized message: about 1 KB of text and 3 KB of HTML, German and Japanese text. */
    private static Delivery delivery() {
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        Cart cart = new Cart("store-a", "cart-1", "cust-1", null, Currency.getInstance("EUR"),
                List.of(CartItem.of("SKU-1", "Merino-Pullover", 1, new BigDecimal("89.00"))),
                new BigDecimal("89.00"), "https://shop.example.com/cart/cart-1", now);
        Customer customer = new Customer("store-a", "cust-1", "juergen@example.com", "Jürgen", Locale.GERMANY,
                ZoneId.of("Europe/Berlin"), 0, BigDecimal.ZERO, true);
        String text = "Hallo Jürgen, Ihr Merino-Pullover wartet noch auf Sie. カートに商品が残っています。\n".repeat(12);
        String html = "<html><body>" + "<p>Hallo Jürgen, Ihr <b>Merino-Pullover</b> wartet noch auf Sie.</p>\n"
                .repeat(45) + "</body></html>";
        StepDefinition step = StepDefinition.of("EMAIL_2H", Duration.ofHours(2), Channel.EMAIL,
                Tone.HELPFUL_REMINDER);
        return new Delivery("seq-1:EMAIL_2H", StoreSettings.defaults("store-a"), "seq-1", step, cart, customer,
                new Message("Ihr Warenkorb wartet – カート", "Nur noch heute", text, html, "Zum Warenkorb"));
    }
}

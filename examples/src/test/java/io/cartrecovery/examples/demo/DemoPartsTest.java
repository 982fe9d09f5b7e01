package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.Customer;
import io.cartrecovery.test.Fixtures;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoPartsTest {
    private final SettableClock clock = SettableClock.at(Fixtures.T0);

    @Test
    void optionsParseEveryFlagAndNameTheBadOne() {
        DemoOptions o = DemoOptions.parse("--carts", "500", "--days", "3", "--seed", "9", "--out", "x",
                "--db-url", "jdbc:postgresql://127.0.0.1/test?password=secret", "");
        assertThat(o).extracting(DemoOptions::carts, DemoOptions::days, DemoOptions::seed)
                .containsExactly(500, 3, 9L);
        assertThat(o.out()).isEqualTo(Path.of("x"));
        assertThat(o.toString()).doesNotContain("secret");
        assertThat(DemoOptions.parse()).isEqualTo(DemoOptions.defaults());
        assertThatThrownBy(() -> DemoOptions.parse("--carts", "many")).hasMessageContaining("--carts");
        assertThatThrownBy(() -> DemoOptions.parse("--days", "0")).hasMessageContaining("--days");
        assertThatThrownBy(() -> DemoOptions.parse("--carts", "99999999999")).hasMessageContaining("--carts");
        assertThatThrownBy(() -> DemoOptions.parse("--seed")).hasMessageContaining("--seed needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--colour", "red")).hasMessageContaining("--colour");
    }

    @Test
    void theOutboxWritesAMultipartAlternativeMessageWithTheIdempotentMessageId(@TempDir Path dir) throws Exception {
        OutboxSender outbox = OutboxSender.of(dir, "shop.example.com", clock);
        Customer customer = new Customer("s", "u1", "jurgen@example.com", "Jürgen", Locale.GERMAN, null, 0,
                BigDecimal.ZERO, true);
        Delivery delivery = delivery(customer, new Message("Dein Warenkorb wartet – Grüße", "pre", "Hallo Jürgen",
                "<p>Hallo J&uuml;rgen</p>", "Zum Warenkorb"));

        assertThat(outbox.send(delivery)).isEqualTo(SendResult.delivered());

        Path file = dir.resolve("seq-1_EMAIL_2H.eml");
        MimeMessage mime;
        try (InputStream in = Files.newInputStream(file)) {
            mime = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(mime.getMessageID()).isEqualTo("<seq-1.EMAIL_2H@shop.example.com>");
        assertThat(mime.getSubject()).isEqualTo("Dein Warenkorb wartet – Grüße");
        assertThat(mime.getAllRecipients()[0].toString()).contains("jurgen@example.com");
        assertThat(mime.getSentDate().toInstant()).isEqualTo(Fixtures.T0);
        MimeMultipart parts = (MimeMultipart) mime.getContent();
        assertThat(mime.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Hallo Jürgen");
        assertThat(((MimeBodyPart) parts.getBodyPart(0)).getEncoding()).isEqualTo("quoted-printable");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat((String) parts.getBodyPart(1).getContent()).startsWith("<!DOCTYPE html>")
                .contains("<p>Hallo J&uuml;rgen</p>");
        assertThat(outbox.written()).isEqualTo(1);
        assertThat(mime.getHeader("List-Unsubscribe")).isNull(); // this delivery has no signed unsubscribe URL
    }

    @Test
    void theOutboxWritesTheOneClickUnsubscribeHeadersOfASignedUrl(@TempDir Path dir) throws Exception {
        OutboxSender outbox = OutboxSender.of(dir, "shop.example.com", clock);
        Delivery plain = delivery(Customer.of("s", "u1", "y@example.com"), new Message("Hi", "", "t", "<p>h</p>", "Go"));
        URI unsubscribe = URI.create("https://links.example.com/r/s/unsubscribe?t=abc.def");
        outbox.send(new Delivery(plain.idempotencyKey(), plain.settings(), plain.sequenceId(), plain.step(),
                plain.cart(), plain.customer(), plain.message(), unsubscribe, null));

        MimeMessage mime;
        try (InputStream in = Files.newInputStream(dir.resolve("seq-1_EMAIL_2H.eml"))) {
            mime = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(mime.getHeader("List-Unsubscribe", null)).isEqualTo("<" + unsubscribe + ">");
        assertThat(mime.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
    }

    @Test
    void messageLinksFindTheTokensOfThePixelTheClickAndTheUnsubscribeUrl() {
        Message message = new Message("Hi", "", "t", "<p>Hi</p><img src=\"https://l.example.com/r/s/open?t=a%2Eb&amp;x=1\""
                + " width=\"1\">", "Go");

        assertThat(MessageLinks.openToken(message)).hasValue("a.b");
        assertThat(MessageLinks.openToken(new Message("Hi", "", "t", "<p>no pixel</p>", "Go"))).isEmpty();
        assertThat(MessageLinks.clickToken("https://l.example.com/r/s/click?t=c.d")).hasValue("c.d");
        assertThat(MessageLinks.clickToken("https://shop.example.com/cart/c1/restore")).isEmpty();
        assertThat(MessageLinks.clickToken(null)).isEmpty();
        assertThat(MessageLinks.unsubscribeToken(URI.create("https://l.example.com/r/s/unsubscribe?t=e.f")))
                .hasValue("e.f");
        assertThat(MessageLinks.unsubscribeToken(URI.create("https://l.example.com/r/s/click?t=e.f"))).isEmpty();
    }

    @Test
    void anOutboxWritingBehindHasEveryMessageOnDiskAfterAFlushWithTheTimeItWasSent(@TempDir Path dir)
            throws Exception {
        SettableClock moving = SettableClock.at(Fixtures.T0);
        Message message = new Message("Hi", "", "text", "<p>html</p>", "Go");
        try (OutboxSender outbox = OutboxSender.writingBehind(dir, "shop.example.com", moving)) {
            for (int i = 0; i < 600; i++) { // more than the writer's queue: some are written by send itself
                Delivery one = delivery(Customer.of("s", "u" + i, "y" + i + "@example.com"), message);
                outbox.send(new Delivery("seq-" + i + ":EMAIL_2H", one.settings(), "seq-" + i, one.step(),
                        one.cart(), one.customer(), one.message()));
                moving.set(moving.instant().plusSeconds(60));
            }
            outbox.flush();

            assertThat(outbox.written()).isEqualTo(600);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(600);
            }
            MimeMessage last;
            try (InputStream in = Files.newInputStream(dir.resolve("seq-599_EMAIL_2H.eml"))) {
                last = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            assertThat(last.getSentDate().toInstant()).isEqualTo(Fixtures.T0.plusSeconds(599 * 60));
        }
    }

    @Test
    void aClosedOutboxWritingBehindRefusesMessages(@TempDir Path dir) {
        OutboxSender outbox = OutboxSender.writingBehind(dir, "shop.example.com", clock);
        Delivery delivery = delivery(Customer.of("s", "u1", "y@example.com"),
                new Message("Hi", "", "text", "<p>html</p>", "Go"));
        outbox.send(delivery);
        outbox.close();

        assertThat(dir.resolve("seq-1_EMAIL_2H.eml")).exists();
        assertThatThrownBy(() -> outbox.send(delivery)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void anOutboxWritingBehindReportsAMessageItCouldNotWrite(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("outbox");
        OutboxSender outbox = OutboxSender.writingBehind(folder, "shop.example.com", clock);
        Files.delete(folder);
        Files.writeString(folder, "a file where the folder was");

        assertThat(outbox.send(delivery(Customer.of("s", "u1", "y@example.com"),
                new Message("Hi", "", "text", "<p>html</p>", "Go")))).isEqualTo(SendResult.delivered());
        assertThatThrownBy(outbox::flush).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("1 message(s) could not be written");
        assertThatThrownBy(outbox::close).isInstanceOf(UncheckedIOException.class);
        assertThat(outbox.written()).isZero();
    }

    @Test
    void theFlakyMailboxBouncesItsDomainAndFailsTransientlyAtItsRate(@TempDir Path dir) {
        OutboxSender outbox = OutboxSender.of(dir, "shop.example.com", clock);
        Message message = new Message("Hi", "", "text", "<p>html</p>", "Go");
        Delivery bouncing = delivery(Customer.of("s", "u1", "x@" + Shoppers.BOUNCING_DOMAIN), message);
        Delivery fine = delivery(Customer.of("s", "u2", "y@example.com"), message);

        FlakyMailbox never = new FlakyMailbox(outbox, Set.of(Shoppers.BOUNCING_DOMAIN), 0.0, new SplittableRandom(1));
        FlakyMailbox always = new FlakyMailbox(outbox, Set.of(Shoppers.BOUNCING_DOMAIN), 1.0, new SplittableRandom(1));

        assertThat(never.send(bouncing).status()).isEqualTo(SendResult.Status.PERMANENT_FAILURE);
        assertThat(always.send(fine).status()).isEqualTo(SendResult.Status.TRANSIENT_FAILURE);
        assertThat(outbox.written()).isZero();
        assertThat(never.send(fine).status()).isEqualTo(SendResult.Status.DELIVERED);
        assertThat(outbox.written()).isEqualTo(1);
    }

    @Test
    void observedSendersHearOnlyAcceptedDeliveries() {
        List<Delivery> heard = new java.util.ArrayList<>();
        Message message = new Message("Hi", "", "text", "<p>html</p>", "Go");
        Delivery delivery = delivery(Customer.of("s", "u1", "y@example.com"), message);

        DemoWiring.observed(d -> SendResult.transientFailure("busy"), heard::add).send(delivery);
        assertThat(heard).isEmpty();
        DemoWiring.observed(d -> SendResult.delivered(), heard::add).send(delivery);
        assertThat(heard).containsExactly(delivery);
    }

    @Test
    void theProgressBarRedrawsOneLineOnATerminalAndPrintsTenthsElsewhere() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(plain, true, StandardCharsets.UTF_8), false, "Run");
        for (int i = 0; i <= 1000; i++) {
            bar.update(i / 1000.0, "");
        }
        bar.finish();
        assertThat(plain.toString(StandardCharsets.UTF_8).lines()).hasSize(11).last().asString()
                .contains("[##############################] 100%");

        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        ProgressBar live = new ProgressBar(new PrintStream(tty, true, StandardCharsets.UTF_8), true, "Run");
        live.update(0.5, "half");
        live.finish();
        assertThat(tty.toString(StandardCharsets.UTF_8)).startsWith("\rRun [###############...............]  50%")
                .endsWith("half" + System.lineSeparator());
    }

    @Test
    void theDemoStoreHasARealisticPolicyAndTheDay1ToneExperiment() {
        StoreSettings settings = DemoWiring.settings();
        assertThat(settings.policy(SequenceType.HIGH_VALUE).steps()).last()
                .satisfies(step -> assertThat(step.incentive().code()).isEqualTo("VIP15"));
        assertThat(settings.policy(SequenceType.FIRST_TIME).steps()).last()
                .satisfies(step -> assertThat(step.id()).isEqualTo(SequencePolicy.EMAIL_72H))
                .satisfies(step -> assertThat(step.incentive().code()).isEqualTo("WELCOME10"));
        assertThat(settings.quietHours().contains(LocalTime.of(22, 0))).isTrue();
        assertThat(settings.quietHours().contains(LocalTime.of(8, 0))).isFalse();
        assertThat(settings.sendWindow()).isEqualTo(Duration.ofHours(4));
        assertThat(settings.attributionWindow()).isEqualTo(Duration.ofDays(3));
        Experiment experiment = settings.experimentFor(SequenceType.RETURNING);
        assertThat(experiment.id()).isEqualTo("day1-tone");
        assertThat(experiment.holdoutShare()).isEqualTo(0.10);
        assertThat(settings.experimentFor(SequenceType.HIGH_VALUE)).isNull();
        Map<String, Tone> day1Tone = new HashMap<>();
        experiment.variants().forEach(v -> day1Tone.put(v.name(), experiment.plan(v.name(),
                settings.policy(SequenceType.FIRST_TIME)).get(2).tone()));
        assertThat(day1Tone).containsOnly(Map.entry("social-proof", Tone.SOCIAL_PROOF),
                Map.entry("objections", Tone.OBJECTION_HANDLING));
    }

    @Test
    void customersRespondMoreToAnsweredObjectionsAndToADiscount() {
        StepDefinition reminder = StepDefinition.of("E", Duration.ofHours(24), Channel.EMAIL, Tone.SOCIAL_PROOF);
        StepDefinition objections = StepDefinition.of("E", Duration.ofHours(24), Channel.EMAIL,
                Tone.OBJECTION_HANDLING);
        assertThat(StoreSimulation.pull(objections)).isGreaterThan(StoreSimulation.pull(reminder));
        assertThat(StoreSimulation.pull(reminder.withIncentive(Incentive.percentOff("X", 10))))
                .isGreaterThan(StoreSimulation.pull(reminder));
    }

    private static Delivery delivery(Customer customer, Message message) {
        StoreSettings settings = StoreSettings.defaults(customer.storeId());
        return new Delivery("seq-1:EMAIL_2H", settings, "seq-1", settings.policy(SequenceType.FIRST_TIME).steps().get(1),
                Fixtures.cart(customer.storeId(), "c1", customer.customerId(), Fixtures.T0), customer, message);
    }
}

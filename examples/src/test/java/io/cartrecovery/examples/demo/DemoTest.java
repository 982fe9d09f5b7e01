package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.examples.stats.EventLogStats;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo end to end at a small size: its report must agree with a recount of the event log. */
class DemoTest {
    @TempDir
    static Path out;
    static DemoResult result;
    static String console;

    @BeforeAll
    static void runTheDemo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        result = Demo.run(new DemoOptions(300, 7, 7, out, null), Map.of(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        console = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sequenceCountsAgreeWithTheEventLog() {
        List<RecoveryEvent> started = events(EventType.SEQUENCE_STARTED);
        assertThat(result.stats().sequencesStarted()).isEqualTo(started.size()).isPositive();
        Map<String, Long> byType = started.stream().collect(Collectors.groupingBy(RecoveryEvent::detail,
                Collectors.counting()));
        for (SequenceType type : SequenceType.values()) {
            assertThat(result.stats().sequencesByType().get(type).longValue())
                    .as(type.name()).isEqualTo(byType.getOrDefault(type.name(), 0L)).isPositive();
        }
    }

    @Test
    void theStepFunnelAgreesWithTheEventLog() {
        result.stats().steps().forEach((stepId, counts) -> {
            assertThat(counts.sent()).as(stepId).isEqualTo(count(EventType.STEP_SENT, stepId));
            assertThat(counts.skipped()).as(stepId).isEqualTo(count(EventType.STEP_SKIPPED, stepId));
            assertThat(counts.failed()).as(stepId).isEqualTo(count(EventType.STEP_FAILED, stepId));
        });
        assertThat(result.stats().steps().values()).anySatisfy(c -> assertThat(c.skipped()).isPositive());
        assertThat(result.stats().steps().values()).anySatisfy(c -> assertThat(c.failed()).isPositive());
    }

    @Test
    void recoveryRateAndRevenueAgreeWithTheEventLog() {
        List<RecoveryEvent> recovered = events(EventType.CART_RECOVERED);
        BigDecimal revenue = recovered.stream().map(RecoveryEvent::value).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(result.stats().recovered()).isEqualTo(recovered.size()).isPositive();
        assertThat(result.stats().recoveredRevenue()).isEqualByComparingTo(revenue);
        assertThat(result.stats().recoveryRate())
                .isEqualTo((double) recovered.size() / events(EventType.SEQUENCE_STARTED).size());
        Map<String, Long> stops = events(EventType.SEQUENCE_STOPPED).stream()
                .collect(Collectors.groupingBy(RecoveryEvent::detail, Collectors.counting()));
        assertThat(stops).containsKeys("PURCHASED", "SUPERSEDED", "UNREACHABLE");
        stops.forEach((reason, n) -> assertThat(result.stats().stopReasons().get(reason).longValue()).isEqualTo(n));
        assertThat(result.stats().recoveriesPerDay().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(recovered.size());
    }

    @Test
    void openAndClickRatesAgreeWithTheEventLog() {
        Set<String> emailSteps = stepsOf(Channel.EMAIL);
        Predicate<RecoveryEvent> email = e -> emailSteps.contains(e.stepId());
        Set<String> sent = keys(EventType.STEP_SENT, email);
        Set<String> opened = keys(EventType.MESSAGE_OPENED, email);
        Set<String> clicked = keys(EventType.MESSAGE_CLICKED, email);
        assertThat(sent).containsAll(opened).containsAll(clicked);
        assertThat(result.stats().emailsSent()).isEqualTo(sent.size());
        assertThat(result.stats().emailOpenRate()).isEqualTo((double) opened.size() / sent.size()).isPositive();
        assertThat(result.stats().emailClickRate()).isEqualTo((double) clicked.size() / sent.size()).isPositive();
        assertThat(result.stats().popupsShown()).isEqualTo(keys(EventType.POPUP_SHOWN, e -> true).size());
    }

    @Test
    void everySentEmailIsAnEmlFileWithTheSignedOneClickUnsubscribe() throws Exception {
        List<Path> emails;
        try (Stream<Path> files = Files.list(out.resolve("outbox"))) {
            emails = files.filter(f -> f.toString().endsWith(".eml")).toList();
        }
        assertThat(emails).hasSize(result.stats().emailsSent()).hasSize(result.emailFiles());
        MimeMessage mime;
        try (InputStream in = Files.newInputStream(emails.get(0))) {
            mime = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(mime.getHeader("List-Unsubscribe", null))
                .startsWith("<https://links.demo-store.example.com/r/demo-store/unsubscribe?t=").endsWith(">");
        assertThat(mime.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
    }

    @Test
    void customersEngagedThroughTheEnginesLinksAndPopupInboxOnly() {
        DemoResult.Engagement engagement = result.engagement();
        assertThat(engagement.rejectedLinks()).isZero();
        assertThat(engagement.opens()).isEqualTo(events(EventType.MESSAGE_OPENED).size()).isPositive();
        assertThat(engagement.clicks()).isEqualTo(events(EventType.MESSAGE_CLICKED).size()).isPositive();
        assertThat(engagement.popupsTaken()).isEqualTo(events(EventType.POPUP_SHOWN).size()).isPositive()
                .isLessThan(result.stats().popupsSent());
        assertThat(engagement.unsubscribes()).isPositive();
        assertThat(events(EventType.SEQUENCE_STOPPED)).extracting(RecoveryEvent::detail).contains("OPTED_OUT");
        assertThat(events(EventType.MESSAGE_CLICKED)).allSatisfy(click -> assertThat(click.detail())
                .startsWith("https://demo-store.example.com/cart/"));
    }

    @Test
    void theConsoleShowsTheReportsFigures() {
        EventLogStats s = result.stats();
        assertThat(console)
                .contains("Simulating [")
                .contains(String.format(Locale.ROOT, "recovery rate %.1f%%", 100 * s.recoveryRate()))
                .contains(ConsoleReport.money(s.recoveredRevenue()))
                .contains(String.format(Locale.ROOT, "emails sent %,d: opened %.1f%%, clicked %.1f%%",
                        s.emailsSent(), 100 * s.emailOpenRate(), 100 * s.emailClickRate()))
                .contains(ConsoleReport.EXPERIMENTS_PLACEHOLDER)
                .contains("demo-report.html")
                .contains("built-in templates");
        assertThat(console.lines().filter(l -> l.startsWith("Simulating ["))).hasSize(11);
    }

    @Test
    void theHtmlReportIsSelfContainedWithBothCharts() throws IOException {
        String html = Files.readString(out.resolve("demo-report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Funnel by step").contains("Recoveries per day")
                .doesNotContain("<script").doesNotContain("<link");
        assertThat(html.split("<svg ", -1)).hasSize(3);
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        assertThat(html).contains(String.format(Locale.ROOT, "%.1f%%", 100 * result.stats().recoveryRate()));
    }

    @Test
    void theSameSeedGivesTheSameReport(@TempDir Path other) {
        DemoResult again = Demo.run(new DemoOptions(300, 7, 7, other, null), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        assertThat(again.stats()).isEqualTo(result.stats());
    }

    private static List<RecoveryEvent> events(EventType type) {
        return result.events().stream().filter(e -> e.type() == type).toList();
    }

    private static int count(EventType type, String stepId) {
        return (int) result.events().stream().filter(e -> e.type() == type && stepId.equals(e.stepId())).count();
    }

    private static Set<String> keys(EventType type, Predicate<RecoveryEvent> filter) {
        return result.events().stream().filter(e -> e.type() == type).filter(filter)
                .map(e -> e.sequenceId() + ":" + e.stepId()).collect(Collectors.toSet());
    }

    private static Set<String> stepsOf(Channel channel) {
        Map<String, Channel> channels = new HashMap<>();
        for (SequenceType type : SequenceType.values()) {
            for (StepDefinition step : result.settings().policy(type).steps()) {
                channels.put(step.id(), step.channel());
            }
        }
        return channels.entrySet().stream().filter(e -> e.getValue() == channel).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}

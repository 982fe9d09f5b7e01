package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.ExperimentResult;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;
import io.cartrecovery.core.experiment.Experiment;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end at a small size, on its default store (recovery-jdbc on an embedded H2): its report shows
 * {@code engine.analytics}, which must agree with the calculator over the event log and with an independent recount
 * of it.
 */
class DemoTest {
    @TempDir
    static Path out;
    static DemoResult result;
    static String console;

    @BeforeAll
    static void runTheDemo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        result = Demo.run(new DemoOptions(300, 7, 7, out, DemoOptions.Database.embedded()), Map.of(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        console = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theReportIsEngineAnalyticsAndAgreesWithTheCalculatorOverTheEventLog() {
        assertThat(result.analytics()).isEqualTo(AnalyticsCalculator.report(result.settings(), result.from(),
                result.to(), result.events()));
        assertThat(result.analytics().from()).isEqualTo(result.from());
        assertThat(result.analytics().to()).isEqualTo(result.to());
    }

    @Test
    void sequenceAndRecoveryCountsAgreeWithARecountOfTheEventLog() {
        Set<String> treated = treatedSequences();
        AnalyticsReport a = result.analytics();
        assertThat(a.recovery().total()).isEqualTo(treated.size()).isPositive();
        assertThat(result.sequencesStarted()).isEqualTo(events(EventType.SEQUENCE_STARTED).size());
        Map<String, Long> byType = events(EventType.SEQUENCE_STARTED).stream()
                .filter(e -> treated.contains(e.sequenceId()))
                .collect(Collectors.groupingBy(RecoveryEvent::detail, Collectors.counting()));
        for (SequenceType type : SequenceType.values()) {
            assertThat(a.recovery(type).total()).as(type.name()).isEqualTo(byType.getOrDefault(type.name(), 0L))
                    .isPositive();
        }
        Set<String> purchased = events(EventType.CART_RECOVERED).stream().map(RecoveryEvent::sequenceId)
                .filter(treated::contains).collect(Collectors.toSet());
        Map<String, BigDecimal> recovered = recoveries(true);
        assertThat(a.recovery().count()).isEqualTo(recovered.size()).isPositive();
        assertThat(a.purchasedBeforeFirstMessage().count()).isEqualTo(recoveries(false).size());
        assertThat(a.recovery().count() + a.purchasedBeforeFirstMessage().count())
                .isLessThanOrEqualTo(purchased.size());
        assertThat(result.tally().recoveriesPerDay().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(purchased.size());
        Map<String, Long> stops = events(EventType.SEQUENCE_STOPPED).stream()
                .collect(Collectors.groupingBy(RecoveryEvent::detail, Collectors.counting()));
        assertThat(stops).containsKeys("PURCHASED", "SUPERSEDED", "UNREACHABLE", "OPTED_OUT");
        stops.forEach((reason, n) -> assertThat(result.tally().stopReasons().get(reason).longValue()).isEqualTo(n));
    }

    @Test
    void revenueCountsOnlyPurchasesWithinTheAttributionWindowOfTheLastMessageDelivered() {
        BigDecimal all = events(EventType.CART_RECOVERED).stream().filter(e -> treatedSequences()
                .contains(e.sequenceId())).map(RecoveryEvent::value).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal inWindow = recoveries(true).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(result.analytics().recoveredRevenue()).isEqualByComparingTo(inWindow).isPositive()
                .isLessThanOrEqualTo(all);
        assertThat(result.analytics().purchasedBeforeFirstMessage().revenue()).isEqualByComparingTo(
                recoveries(false).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /**
     * A recount of the treated sequences' first purchases: with {@code recovered}, those within the attribution
     * window of the last message delivered (email sent, popup shown) at or before them; otherwise those with no
     * message delivered before them. By sequence id, with the order value.
     */
    private static Map<String, BigDecimal> recoveries(boolean recovered) {
        Set<String> popups = AnalyticsCalculator.popupSteps(result.settings());
        Map<String, Instant> lastDelivered = new HashMap<>();
        Map<String, RecoveryEvent> purchases = new HashMap<>();
        Set<String> treated = treatedSequences();
        List<RecoveryEvent> deliveries = result.events().stream().filter(e -> treated.contains(e.sequenceId())
                && (e.type() == EventType.STEP_SENT && !popups.contains(e.stepId())
                || e.type() == EventType.POPUP_SHOWN && popups.contains(e.stepId()))).toList();
        events(EventType.CART_RECOVERED).stream().filter(e -> treated.contains(e.sequenceId()))
                .forEach(e -> purchases.putIfAbsent(e.sequenceId(), e));
        for (RecoveryEvent d : deliveries) {
            RecoveryEvent purchase = purchases.get(d.sequenceId());
            if (purchase != null && !d.at().isAfter(purchase.at())) {
                lastDelivered.merge(d.sequenceId(), d.at(), (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        Map<String, BigDecimal> found = new HashMap<>();
        purchases.forEach((id, purchase) -> {
            Instant last = lastDelivered.get(id);
            boolean inWindow = last != null
                    && !purchase.at().isAfter(last.plus(result.settings().attributionWindow()));
            if (recovered ? inWindow : last == null) {
                found.put(id, purchase.value());
            }
        });
        return found;
    }

    @Test
    void theStepFunnelAgreesWithTheEventLog() {
        assertThat(result.tally().steps().keySet()).containsExactly(SequencePolicy.POPUP_1H, SequencePolicy.EMAIL_2H,
                SequencePolicy.EMAIL_24H, SequencePolicy.EMAIL_48H, SequencePolicy.EMAIL_72H);
        result.tally().steps().forEach((stepId, counts) -> {
            StepStats step = result.analytics().step(stepId);
            assertThat(step.sent()).as(stepId).isEqualTo(keys(EventType.STEP_SENT, stepId).size());
            Set<String> opened = new HashSet<>(keys(EventType.MESSAGE_OPENED, stepId));
            opened.addAll(keys(EventType.POPUP_SHOWN, stepId)); // a popup shown counts as opened
            assertThat(step.opened()).as(stepId).isEqualTo(opened.size());
            assertThat(step.clicked()).as(stepId).isEqualTo(keys(EventType.MESSAGE_CLICKED, stepId).size());
            assertThat(counts.skipped()).as(stepId).isEqualTo(count(EventType.STEP_SKIPPED, stepId));
            assertThat(counts.failed()).as(stepId).isEqualTo(count(EventType.STEP_FAILED, stepId));
        });
        assertThat(result.tally().steps().values()).anySatisfy(c -> assertThat(c.failed()).isPositive());
        assertThat(events(EventType.STEP_SKIPPED)).extracting(RecoveryEvent::detail).contains("HOLDOUT");
        assertThat(result.tally().popupsShown()).isEqualTo(events(EventType.POPUP_SHOWN).size());
        DemoResult.ChannelStats email = result.channel(Channel.EMAIL);
        assertThat(email.openRate().value()).isPositive();
        assertThat(email.clickRate().value()).isPositive();
    }

    @Test
    void theHoldoutGetsNoMessagesAndTheExperimentHasEveryArm() {
        ExperimentResult experiment = result.analytics().experiment("day1-tone");
        assertThat(experiment.arms()).containsOnlyKeys("social-proof", "objections", "holdout");
        Set<String> holdout = events(EventType.SEQUENCE_STARTED).stream()
                .filter(e -> Experiment.isHoldout(e.variant())).map(RecoveryEvent::sequenceId)
                .collect(Collectors.toSet());
        assertThat(experiment.arms().get("holdout").total()).isEqualTo(holdout.size()).isPositive();
        assertThat(events(EventType.STEP_SENT)).noneMatch(e -> holdout.contains(e.sequenceId()));
        long inExperiment = experiment.arms().values().stream().mapToLong(Rate::total).sum();
        assertThat((double) holdout.size() / inExperiment).isBetween(0.03, 0.20); // 10% of a few hundred
        assertThat(experiment.comparisons()).singleElement().satisfies(c -> {
            assertThat(c.variant()).isEqualTo("day1-tone/objections");
            assertThat(c.pValue()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void everySentEmailIsAnEmlFileWithTheSignedOneClickUnsubscribe() throws Exception {
        List<Path> emails;
        try (Stream<Path> files = Files.list(out.resolve("outbox"))) {
            emails = files.filter(f -> f.toString().endsWith(".eml")).toList();
        }
        assertThat(emails).hasSize((int) result.channel(Channel.EMAIL).sent()).hasSize(result.emailFiles());
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
                .isLessThan((int) result.channel(Channel.POPUP).sent());
        assertThat(engagement.unsubscribes()).isPositive();
        assertThat(events(EventType.SEQUENCE_STOPPED)).extracting(RecoveryEvent::detail).contains("OPTED_OUT");
        assertThat(events(EventType.MESSAGE_CLICKED)).allSatisfy(click -> assertThat(click.detail())
                .startsWith("https://demo-store.example.com/cart/"));
    }

    @Test
    void theConsoleShowsTheAnalyticsFiguresWithTheirDefinitions() {
        AnalyticsReport a = result.analytics();
        DemoResult.ChannelStats email = result.channel(Channel.EMAIL);
        assertThat(console)
                .contains("Simulating [")
                .contains(String.format(Locale.ROOT, "recovered *     %,7d  (recovery rate %.1f%%)",
                        a.recovery().count(), 100 * a.recovery().value()))
                .contains(ConsoleReport.money(a.recoveredRevenue()) + "  (orders within 3d of the last message delivered)")
                .contains("count treated sequences only")
                .contains(String.format(Locale.ROOT, "emails sent * %,d: opened %.1f%%, clicked %.1f%%",
                        email.sent(), 100 * email.openRate().value(), 100 * email.clickRate().value()))
                .contains("median time to recovery * " + ConsoleReport.duration(a.medianTimeToRecovery()))
                .contains("demo-report.html")
                .contains("built-in templates")
                .contains("Cart recovery demo: 300 carts over 7 days (seed 7), store: H2 in memory (recovery-jdbc),")
                .contains("Database:    H2 in memory, gone with the demo");
        ExperimentResult experiment = a.experiment("day1-tone");
        assertThat(ConsoleReport.experimentLines(a)).allSatisfy(line -> assertThat(console).contains(line));
        assertThat(console).contains(String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * experiment.lift().lower(),
                100 * experiment.lift().upper()))
                .contains(String.format(Locale.ROOT, "p = %.3f", experiment.comparisons().get(0).pValue()))
                .doesNotContain("not computed yet");
        assertThat(console.lines().filter(l -> l.startsWith("Simulating ["))).hasSize(11);
    }

    @Test
    void theHtmlReportIsSelfContainedWithBothChartsAndTheExperiment() throws IOException {
        String html = Files.readString(out.resolve("demo-report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Funnel by step").contains("Recoveries per day")
                .doesNotContain("<script").doesNotContain("<link");
        assertThat(html.split("<svg ", -1)).hasSize(3);
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        ExperimentResult experiment = result.analytics().experiment("day1-tone");
        assertThat(html).contains(String.format(Locale.ROOT, "%.1f%%", 100 * result.analytics().recovery().value()))
                .contains(HtmlReport.esc(ConsoleReport.liftText(experiment.lift())))
                .contains(HtmlReport.esc(ConsoleReport.comparisonText(experiment.comparisons().get(0))));
    }

    @Test
    void theSameSeedGivesTheSameReport(@TempDir Path other) {
        DemoResult again = Demo.run(new DemoOptions(300, 7, 7, other, DemoOptions.Database.embedded()), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        assertThat(again.analytics()).isEqualTo(result.analytics());
        assertThat(again.tally()).isEqualTo(result.tally());
    }

    @Test
    void aRunIntoAnEarlierRunsFolderLeavesOnlyItsOwnEmails(@TempDir Path folder) throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Demo.run(new DemoOptions(40, 3, 1, folder, DemoOptions.Database.embedded()), Map.of(), quiet, false);
        Set<Path> first = emlFiles(folder);
        Path unrelated = Files.writeString(folder.resolve("outbox").resolve("notes.txt"), "mine");
        Path folderNamedLikeAnEmail = Files.createDirectory(folder.resolve("outbox").resolve("drafts.eml"));
        Files.writeString(folderNamedLikeAnEmail.resolve("draft.txt"), "mine too");

        DemoResult second = Demo.run(new DemoOptions(40, 3, 2, folder, DemoOptions.Database.embedded()), Map.of(),
                quiet, false);

        Set<Path> now = emlFiles(folder);
        assertThat(now).hasSize(second.emailFiles()).isNotEqualTo(first);
        assertThat(first).anyMatch(f -> !now.contains(f)); // another seed, other sequences: the old files went
        assertThat(unrelated).hasContent("mine");
        assertThat(folderNamedLikeAnEmail.resolve("draft.txt")).hasContent("mine too");
    }

    private static Set<Path> emlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve("outbox"))) {
            return files.filter(f -> f.toString().endsWith(".eml") && Files.isRegularFile(f))
                    .collect(Collectors.toSet());
        }
    }

    /** Sequences not in a holdout. */
    private static Set<String> treatedSequences() {
        return events(EventType.SEQUENCE_STARTED).stream().filter(e -> !Experiment.isHoldout(e.variant()))
                .map(RecoveryEvent::sequenceId).collect(Collectors.toSet());
    }

    private static List<RecoveryEvent> events(EventType type) {
        return result.events().stream().filter(e -> e.type() == type).toList();
    }

    private static int count(EventType type, String stepId) {
        return (int) result.events().stream().filter(e -> e.type() == type && stepId.equals(e.stepId())).count();
    }

    private static Set<String> keys(EventType type, String stepId) {
        Set<String> sent = result.events().stream().filter(e -> e.type() == EventType.STEP_SENT)
                .map(e -> e.sequenceId() + ":" + e.stepId()).collect(Collectors.toSet());
        return result.events().stream().filter(e -> e.type() == type && stepId.equals(e.stepId()))
                .map(e -> e.sequenceId() + ":" + e.stepId()).filter(sent::contains).collect(Collectors.toSet());
    }
}

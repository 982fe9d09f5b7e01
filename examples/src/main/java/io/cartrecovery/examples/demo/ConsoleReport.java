package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.ExperimentResult;
import io.cartrecovery.core.analytics.Lift;
import io.cartrecovery.core.analytics.ProportionTest;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's report as plain text: the headline figures from {@code engine.analytics} (treated sequences, revenue
 * within the attribution window), the rest from the demo's own {@link EventTally} and counters.
 */
final class ConsoleReport {
    private ConsoleReport() {}

    static String render(DemoResult result) {
        AnalyticsReport a = result.analytics();
        EventTally t = result.tally();
        StringBuilder out = new StringBuilder(4_096);
        line(out, "");
        line(out, "Simulated %d days in %.1f s of real time: %,d carts, %,d orders by the simulated customers",
                result.options().days(), result.elapsed().toMillis() / 1000.0, result.options().carts(),
                result.orders());
        line(out, "Figures marked * come from engine.analytics and count treated sequences only (the holdout is under");
        line(out, "Experiments); the others are the demo's own counts from the event log.");
        line(out, "");
        line(out, "Sequences by type *");
        for (SequenceType type : SequenceType.values()) {
            line(out, "  %-12s %,7d  %5.1f%%", type, a.recovery(type).total(),
                    percent(new Rate(a.recovery(type).total(), a.recovery().total())));
        }
        line(out, "  %-12s %,7d  (+ %,d in the holdout, no messages)", "treated", a.recovery().total(),
                result.holdoutSequences());
        line(out, "");
        line(out, "Step funnel    channel    sent*  skipped   failed  opened*  clicked*  recovered after*");
        for (var e : t.steps().entrySet()) {
            StepStats s = a.step(e.getKey());
            EventTally.StepCounts c = e.getValue();
            line(out, "  %-12s %-7s %,8d %,8d %,8d %,8d %,9d %,10d", e.getKey(),
                    c.channel() == null ? "?" : c.channel().name().toLowerCase(Locale.ROOT), s.sent(), c.skipped(),
                    c.failed(), s.opened(), s.clicked(), s.recoveredAfter());
        }
        line(out, "  %-12s %53s %,10d", "no message", "", a.purchasedBeforeFirstMessage().count());
        line(out, "");
        line(out, "Outcome");
        line(out, "  recovered *     %,7d  (recovery rate %.1f%%)", a.recovery().count(), percent(a.recovery()));
        line(out, "  revenue *       %s  (orders within %s of the last message delivered)",
                money(a.recoveredRevenue()), duration(a.attributionWindow()));
        line(out, "  bought before any message * %,d, %s (not recovered)", a.purchasedBeforeFirstMessage().count(),
                money(a.purchasedBeforeFirstMessage().revenue()));
        line(out, "  messages per sequence * %.2f, median time to recovery * %s", a.averageSequenceLength(),
                duration(a.medianTimeToRecovery()));
        t.stopReasons().forEach((reason, n) -> line(out, "  stopped %-12s %,5d", reason, n));
        line(out, "  completed       %,7d", t.completed());
        line(out, "  still active    %,7d  (the period ended before their last step)", result.stillActive());
        line(out, "");
        line(out, "Engagement");
        DemoResult.ChannelStats email = result.channel(Channel.EMAIL);
        DemoResult.ChannelStats popup = result.channel(Channel.POPUP);
        line(out, "  emails sent * %,d: opened %.1f%%, clicked %.1f%%", email.sent(), percent(email.openRate()),
                percent(email.clickRate()));
        line(out, "  popups sent * %,d: seen %.1f%%, clicked %.1f%% of those seen", popup.sent(),
                percent(new Rate(t.popupsShown(), popup.sent())), percent(new Rate(popup.clicked(), t.popupsShown())));
        line(out, "  delivery retries %,d, customers opted out %,d", t.retries(), t.optOuts());
        DemoResult.Engagement e = result.engagement();
        line(out, "  through the signed links: %,d opens, %,d clicks, %,d one-click unsubscribes (%,d rejected)",
                e.opens(), e.clicks(), e.unsubscribes(), e.rejectedLinks());
        line(out, "");
        line(out, "Experiments and holdout *");
        experimentLines(a).forEach(l -> line(out, "  %s", l));
        line(out, "");
        line(out, "Emails:      %,d .eml files in %s", result.emailFiles(),
                result.outbox().toAbsolutePath().normalize());
        line(out, "Popups:      %,d in the engine's popup inbox, %,d of them taken by a storefront visit",
                popup.sent(), result.engagement().popupsTaken());
        line(out, "HTML report: %s", result.htmlReport().toAbsolutePath().normalize());
        databaseText(result).lines().forEach(l -> line(out, "%s", l));
        return out.toString();
    }

    /** What became of the run's data: one or two lines. */
    static String databaseText(DemoResult result) {
        DemoResult.Storage storage = result.storage();
        String schema = storage.schema();
        if (result.options().database().store() == DemoOptions.Store.MEMORY) {
            return "Database:    none, the in-memory store (--store memory)";
        }
        if (schema == null) {
            return "Database:    H2 in memory, gone with the demo (--db-url jdbc:h2:file:./demo-db keeps a file)";
        }
        String at = result.options().database().printableUrl();
        return storage.schemaDropped() ? "Database:    schema " + schema + " at " + at + ", dropped (--drop-schema)"
                : "Database:    schema " + schema + " kept at " + at + "\n             remove it with DROP SCHEMA "
                + schema + " CASCADE, or run with --drop-schema";
    }

    /** Per experiment: each arm's conversion, the lift over the holdout with its interval, each variant's test. */
    static List<String> experimentLines(AnalyticsReport a) {
        List<String> lines = new ArrayList<>();
        if (a.experiments().isEmpty()) {
            lines.add("no experiment ran in the period");
        }
        for (ExperimentResult x : a.experiments()) {
            lines.add(x.experimentId()
                    + ": conversion rate per arm (bought within the window of a step / sequences)");
            x.arms().forEach((arm, rate) -> lines.add(String.format(Locale.ROOT, "  %-14s %,6d / %,6d  %5.1f%%", arm,
                    rate.count(), rate.total(), percent(rate))));
            lines.add("  " + liftText(x.lift()));
            x.comparisons().forEach(c -> lines.add("  " + comparisonText(c)));
        }
        return lines;
    }

    /** The incremental lift in percentage points with its 95% confidence interval. */
    static String liftText(Lift lift) {
        if (lift.holdout().total() == 0) {
            return "incremental lift: no holdout sequences yet";
        }
        return String.format(Locale.ROOT, "incremental lift (treated - holdout) %+.1f points, 95%% CI [%+.1f, %+.1f]",
                100 * lift.difference(), 100 * lift.lower(), 100 * lift.upper());
    }

    /** A variant against the control: the difference and the two-proportion z-test. */
    static String comparisonText(ProportionTest test) {
        return String.format(Locale.ROOT, "%s vs %s: %+.1f points, z = %.2f, p = %.3f (two-proportion z-test, %s)",
                arm(test.variant()), arm(test.control()), 100 * (test.treated().value() - test.baseline().value()),
                test.z(), test.pValue(), test.significantAt(0.05) ? "significant at 5%" : "not significant at 5%");
    }

    private static String arm(String label) {
        return label.substring(label.lastIndexOf('/') + 1);
    }

    static double percent(Rate rate) {
        return 100 * rate.value();
    }

    static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "EUR %,.2f", amount);
    }

    /** {@code 2d 5h 07m}, or {@code 45m}. */
    static String duration(Duration d) {
        String hm = String.format(Locale.ROOT, "%dh %02dm", d.toHoursPart(), d.toMinutesPart());
        if (d.toDays() > 0) {
            return d.toDays() + "d" + (d.toHoursPart() == 0 && d.toMinutesPart() == 0 ? "" : " " + hm);
        }
        return d.toHours() > 0 ? hm : d.toMinutesPart() + "m";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }
}

package io.cartrecovery.examples.demo;

import io.cartrecovery.core.SequenceType;
import io.cartrecovery.examples.stats.EventLogStats;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** The demo's report as plain text, every figure from the event log. */
final class ConsoleReport {
    /** Shown until the analytics module (experiments, holdout groups) is wired into the demo. */
    static final String EXPERIMENTS_PLACEHOLDER =
            "  not computed yet: needs the analytics module (io.cartrecovery.core.analytics)";

    private ConsoleReport() {}

    static String render(DemoResult result) {
        EventLogStats s = result.stats();
        StringBuilder out = new StringBuilder(2_048);
        line(out, "");
        line(out, "Simulated %d days in %.1f s of real time: %,d carts, %,d orders by the simulated customers",
                result.options().days(), result.elapsed().toMillis() / 1000.0, result.options().carts(),
                result.orders());
        line(out, "");
        line(out, "Sequences by type");
        for (Map.Entry<SequenceType, Integer> e : s.sequencesByType().entrySet()) {
            line(out, "  %-12s %,7d  %5.1f%%", e.getKey(), e.getValue(),
                    100 * EventLogStats.ratio(e.getValue(), s.sequencesStarted()));
        }
        line(out, "  %-12s %,7d", "total", s.sequencesStarted());
        line(out, "");
        line(out, "Step funnel    channel     sent  skipped   failed   opened  clicked");
        for (Map.Entry<String, EventLogStats.StepCounts> e : s.steps().entrySet()) {
            EventLogStats.StepCounts c = e.getValue();
            line(out, "  %-12s %-7s %,8d %,8d %,8d %,8d %,8d", e.getKey(),
                    c.channel() == null ? "?" : c.channel().name().toLowerCase(Locale.ROOT), c.sent(), c.skipped(),
                    c.failed(), c.opened(), c.clicked());
        }
        line(out, "");
        line(out, "Outcome");
        line(out, "  recovered       %,7d  (recovery rate %.1f%%)", s.recovered(), 100 * s.recoveryRate());
        line(out, "  revenue         %s", money(s.recoveredRevenue()));
        s.stopReasons().forEach((reason, n) -> line(out, "  stopped %-12s %,5d", reason, n));
        line(out, "  completed       %,7d", s.completed());
        line(out, "  still active    %,7d  (the period ended before their last step)", result.stillActive());
        line(out, "");
        line(out, "Recovered after (last message sent before the purchase)");
        s.recoveredAfter().forEach((step, n) -> line(out, "  %-20s %,7d", lastTouch(step), n));
        line(out, "");
        line(out, "Engagement");
        line(out, "  emails sent %,d: opened %.1f%%, clicked %.1f%%", s.emailsSent(), 100 * s.emailOpenRate(),
                100 * s.emailClickRate());
        line(out, "  popups sent %,d: seen %.1f%%, clicked %.1f%% of those seen", s.popupsSent(),
                100 * s.popupShowRate(), 100 * s.popupClickRate());
        line(out, "  delivery retries %,d, customers opted out %,d", s.retries(), s.optOuts());
        DemoResult.Engagement e = result.engagement();
        line(out, "  through the signed links: %,d opens, %,d clicks, %,d one-click unsubscribes (%,d rejected)",
                e.opens(), e.clicks(), e.unsubscribes(), e.rejectedLinks());
        line(out, "");
        line(out, "Experiments and holdout");
        line(out, EXPERIMENTS_PLACEHOLDER);
        line(out, "");
        line(out, "Emails:      %,d .eml files in %s", result.emailFiles(), result.outbox().toAbsolutePath().normalize());
        line(out, "Popups:      %,d in the engine's popup inbox, %,d of them taken by a storefront visit",
                s.popupsSent(), result.engagement().popupsTaken());
        line(out, "HTML report: %s", result.htmlReport().toAbsolutePath().normalize());
        return out.toString();
    }

    /** A key of {@link EventLogStats#recoveredAfter()} as the reports show it. */
    static String lastTouch(String step) {
        return step.equals(EventLogStats.NONE) ? "before any message" : step;
    }

    static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "EUR %,.2f", amount);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }
}

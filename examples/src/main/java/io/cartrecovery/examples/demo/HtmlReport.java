package io.cartrecovery.examples.demo;

import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.ExperimentResult;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's report as one self-contained HTML file: inline CSS and inline SVG charts, no script and no network,
 * so it opens in any browser offline.
 */
final class HtmlReport {
    private static final String[] SERIES_COLOURS = {"#2f7ed8", "#bbbbbb", "#d9534f", "#f0ad4e", "#5cb85c"};

    private HtmlReport() {}

    static void write(DemoResult result) {
        try {
            Files.createDirectories(result.htmlReport().toAbsolutePath().getParent());
            Files.writeString(result.htmlReport(), render(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + result.htmlReport(), e);
        }
    }

    static String render(DemoResult result) {
        AnalyticsReport a = result.analytics();
        EventTally t = result.tally();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cart recovery demo</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.25em .8em;")
                .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(".cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;")
                .append("padding:.8em 1.2em}.card b{display:block;font-size:1.6em}svg text{font-size:12px}</style>")
                .append("</head><body>");
        h.append("<h1>Cart recovery demo</h1><p>").append(esc(String.format(Locale.ROOT,
                "%,d carts over %d days (seed %d), %s to %s UTC, store: %s.", result.options().carts(),
                result.options().days(), result.options().seed(), result.from(), result.to(),
                result.storage().description()))).append("</p><p>")
                .append(esc("Figures marked * come from engine.analytics and count treated sequences only (the"
                        + " holdout is under Experiments); recovered revenue counts orders within "
                        + ConsoleReport.duration(a.attributionWindow()) + " of the last message delivered. The others are"
                        + " the demo's own counts from the event log.")).append("</p>");
        DemoResult.ChannelStats email = result.channel(Channel.EMAIL);
        h.append("<div class=\"cards\">");
        card(h, "treated sequences *", String.format(Locale.ROOT, "%,d", a.recovery().total()));
        card(h, "recovered *", String.format(Locale.ROOT, "%,d", a.recovery().count()));
        card(h, "recovery rate *", percent(a.recovery()));
        card(h, "recovered revenue *", ConsoleReport.money(a.recoveredRevenue()));
        card(h, "email open rate *", percent(email.openRate()));
        card(h, "email click rate *", percent(email.clickRate()));
        card(h, "median time to recovery *", ConsoleReport.duration(a.medianTimeToRecovery()));
        h.append("</div>");

        h.append("<h2>Funnel by step</h2>").append(funnelChart(a, t));
        h.append("<h2>Recoveries per day (treated sequences)</h2>").append(perDayChart(t, result));

        h.append("<h2>Experiments and holdout *</h2>");
        experiments(h, a);

        h.append("<h2>Sequences by type *</h2><table><tr><th>type</th><th>sequences</th><th>recovery rate</th></tr>");
        for (SequenceType type : SequenceType.values()) {
            row(h, type.name(), String.valueOf(a.recovery(type).total()), percent(a.recovery(type)));
        }
        row(h, "holdout (no messages)", String.valueOf(result.holdoutSequences()), "");
        h.append("</table><h2>How sequences ended</h2><table><tr><th>outcome</th><th>sequences</th></tr>");
        t.stopReasons().forEach((reason, n) -> row(h, "stopped: " + reason, String.valueOf(n)));
        row(h, "completed", String.valueOf(t.completed()));
        row(h, "still active", String.valueOf(result.stillActive()));
        h.append("</table><h2>Recovered after *</h2><table><tr><th>last message before the purchase</th>")
                .append("<th>recoveries</th></tr>");
        a.steps().values().stream().filter(s -> s.recoveredAfter() > 0)
                .forEach(s -> row(h, s.stepId(), String.valueOf(s.recoveredAfter())));
        row(h, "bought before any message (not recovered)",
                String.valueOf(a.purchasedBeforeFirstMessage().count()));
        DemoResult.ChannelStats popup = result.channel(Channel.POPUP);
        h.append("</table><h2>Engagement</h2><table><tr><th>channel</th><th>sent *</th><th>seen / opened</th>")
                .append("<th>clicked</th></tr>");
        row(h, "email", String.valueOf(email.sent()), percent(email.openRate()) + " *",
                percent(email.clickRate()) + " *");
        row(h, "popup", String.valueOf(popup.sent()), percent(new Rate(t.popupsShown(), popup.sent())),
                percent(new Rate(popup.clicked(), t.popupsShown())) + " of seen");
        h.append("</table></body></html>\n");
        return h.toString();
    }

    /** Per experiment a table of its arms, then the lift over the holdout and each variant's test. */
    private static void experiments(StringBuilder h, AnalyticsReport a) {
        if (a.experiments().isEmpty()) {
            h.append("<p>No experiment ran in the period.</p>");
        }
        for (ExperimentResult x : a.experiments()) {
            h.append("<h3>").append(esc(x.experimentId())).append("</h3><table><tr><th>arm</th><th>converted</th>")
                    .append("<th>sequences</th><th>conversion rate</th></tr>");
            x.arms().forEach((arm, rate) -> row(h, arm, String.valueOf(rate.count()), String.valueOf(rate.total()),
                    percent(rate)));
            h.append("</table><p>").append(esc(ConsoleReport.liftText(x.lift()))).append("</p>");
            x.comparisons().forEach(c -> h.append("<p>").append(esc(ConsoleReport.comparisonText(c))).append("</p>"));
        }
    }

    /** Grouped bars per step, in plan order: sent, skipped, failed, opened, clicked. */
    private static String funnelChart(AnalyticsReport a, EventTally t) {
        String[] series = {"sent", "skipped", "failed", "opened", "clicked"};
        List<String> labels = new ArrayList<>(t.steps().keySet());
        List<long[]> values = new ArrayList<>();
        t.steps().forEach((id, c) -> {
            StepStats s = a.step(id);
            values.add(new long[] {s.sent(), c.skipped(), c.failed(), s.opened(), s.clicked()});
        });
        return barChart(labels, values, series);
    }

    /** One bar per day of the period, days without recoveries included. */
    private static String perDayChart(EventTally t, DemoResult result) {
        List<String> labels = new ArrayList<>();
        List<long[]> values = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(result.from(), DemoWiring.STORE_ZONE);
        LocalDate last = LocalDate.ofInstant(result.to(), DemoWiring.STORE_ZONE);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            labels.add(day.toString().substring(5));
            values.add(new long[] {t.recoveriesPerDay().getOrDefault(day, 0)});
        }
        return barChart(labels, values, new String[] {"recoveries"});
    }

    private static String barChart(List<String> labels, List<long[]> values, String[] series) {
        long max = 1;
        for (long[] v : values) {
            for (long x : v) {
                max = Math.max(max, x);
            }
        }
        int plotHeight = 220;
        int bar = Math.max(6, Math.min(24, 360 / Math.max(1, labels.size() * series.length)));
        int group = bar * series.length + 16;
        int left = 50;
        int width = left + group * labels.size() + 10;
        StringBuilder svg = new StringBuilder(4_096);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " role=\"img\">", width, plotHeight + 70));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                left, left, plotHeight + 10));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" text-anchor=\"end\">%d</text>", left - 4, max));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", left - 4,
                plotHeight + 10));
        for (int i = 0; i < labels.size(); i++) {
            int x0 = left + 8 + i * group;
            long[] v = values.get(i);
            for (int k = 0; k < v.length; k++) {
                int height = (int) Math.round((double) v[k] / max * plotHeight);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s %s: %d</title></rect>", x0 + k * bar, plotHeight + 10 - height, bar - 1,
                        height, SERIES_COLOURS[k % SERIES_COLOURS.length], esc(labels.get(i)), series[k], v[k]));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x0 + bar * v.length / 2, plotHeight + 28, esc(labels.get(i))));
        }
        if (series.length > 1) {
            for (int k = 0; k < series.length; k++) {
                int x = left + k * 90;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>", x, plotHeight + 45, SERIES_COLOURS[k], x + 16,
                        plotHeight + 56, series[k]));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</div>");
    }

    private static void row(StringBuilder h, String... cells) {
        h.append("<tr>");
        for (String cell : cells) {
            h.append("<td>").append(esc(cell)).append("</td>");
        }
        h.append("</tr>");
    }

    static String percent(Rate rate) {
        return String.format(Locale.ROOT, "%.1f%%", ConsoleReport.percent(rate));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

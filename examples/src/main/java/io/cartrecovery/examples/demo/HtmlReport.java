package io.cartrecovery.examples.demo;

import io.cartrecovery.core.SequenceType;
import io.cartrecovery.examples.stats.EventLogStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        EventLogStats s = result.stats();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cart recovery demo</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.25em .8em;")
                .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(".cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;")
                .append("padding:.8em 1.2em}.card b{display:block;font-size:1.6em}svg text{font-size:12px}</style>")
                .append("</head><body>");
        h.append("<h1>Cart recovery demo</h1><p>").append(esc(String.format(Locale.ROOT,
                "%,d carts over %d days (seed %d), %s to %s UTC.", result.options().carts(), result.options().days(),
                result.options().seed(), result.from(), result.to()))).append("</p>");
        h.append("<div class=\"cards\">");
        card(h, "sequences", String.format(Locale.ROOT, "%,d", s.sequencesStarted()));
        card(h, "recovered", String.format(Locale.ROOT, "%,d", s.recovered()));
        card(h, "recovery rate", percent(s.recoveryRate()));
        card(h, "recovered revenue", ConsoleReport.money(s.recoveredRevenue()));
        card(h, "email open rate", percent(s.emailOpenRate()));
        card(h, "email click rate", percent(s.emailClickRate()));
        h.append("</div>");

        h.append("<h2>Funnel by step</h2>").append(funnelChart(s));
        h.append("<h2>Recoveries per day</h2>").append(perDayChart(s, result));

        h.append("<h2>Sequences by type</h2><table><tr><th>type</th><th>sequences</th></tr>");
        for (Map.Entry<SequenceType, Integer> e : s.sequencesByType().entrySet()) {
            row(h, e.getKey().name(), String.valueOf(e.getValue()));
        }
        h.append("</table><h2>How sequences ended</h2><table><tr><th>outcome</th><th>sequences</th></tr>");
        s.stopReasons().forEach((reason, n) -> row(h, "stopped: " + reason, String.valueOf(n)));
        row(h, "completed", String.valueOf(s.completed()));
        row(h, "still active", String.valueOf(result.stillActive()));
        h.append("</table><h2>Recovered after</h2><table><tr><th>last message before the purchase</th>")
                .append("<th>recoveries</th></tr>");
        s.recoveredAfter().forEach((step, n) -> row(h, ConsoleReport.lastTouch(step), String.valueOf(n)));
        h.append("</table><h2>Engagement</h2><table><tr><th>channel</th><th>sent</th><th>seen / opened</th>")
                .append("<th>clicked</th></tr>");
        h.append(String.format(Locale.ROOT, "<tr><td>email</td><td>%d</td><td>%s</td><td>%s</td></tr>",
                s.emailsSent(), percent(s.emailOpenRate()), percent(s.emailClickRate())));
        h.append(String.format(Locale.ROOT, "<tr><td>popup</td><td>%d</td><td>%s</td><td>%s of seen</td></tr>",
                s.popupsSent(), percent(s.popupShowRate()), percent(s.popupClickRate())));
        h.append("</table><h2>Experiments and holdout</h2><p>")
                .append(esc(ConsoleReport.EXPERIMENTS_PLACEHOLDER.trim())).append("</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    /** Grouped bars per step: sent, skipped, failed, opened, clicked. */
    private static String funnelChart(EventLogStats s) {
        String[] series = {"sent", "skipped", "failed", "opened", "clicked"};
        List<String> labels = new ArrayList<>(s.steps().keySet());
        List<int[]> values = new ArrayList<>();
        for (EventLogStats.StepCounts c : s.steps().values()) {
            values.add(new int[] {c.sent(), c.skipped(), c.failed(), c.opened(), c.clicked()});
        }
        return barChart(labels, values, series);
    }

    /** One bar per day of the period, days without recoveries included. */
    private static String perDayChart(EventLogStats s, DemoResult result) {
        List<String> labels = new ArrayList<>();
        List<int[]> values = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(result.from(), DemoWiring.STORE_ZONE);
        LocalDate last = LocalDate.ofInstant(result.to(), DemoWiring.STORE_ZONE);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            labels.add(day.toString().substring(5));
            values.add(new int[] {s.recoveriesPerDay().getOrDefault(day, 0)});
        }
        return barChart(labels, values, new String[] {"recoveries"});
    }

    private static String barChart(List<String> labels, List<int[]> values, String[] series) {
        int max = 1;
        for (int[] v : values) {
            for (int x : v) {
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
            int[] v = values.get(i);
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

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><td>").append(esc(label)).append("</td><td>").append(esc(value)).append("</td></tr>");
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

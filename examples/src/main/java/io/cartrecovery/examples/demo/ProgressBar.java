package io.cartrecovery.examples.demo;

import java.io.PrintStream;

/**
 * A plain progress bar on stdout. On a terminal it redraws one line with a carriage return; elsewhere (CI logs,
 * pipes, Maven without a console) it prints a new line every ten percent, so logs stay readable.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private int shown = -1;

    ProgressBar(PrintStream out, boolean interactive, String label) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
    }

    /** Shows {@code fraction} (0 to 1) with a short {@code status}; redraws only when the percentage changes. */
    void update(double fraction, String status) {
        int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
        if (percent == shown || (!interactive && percent / 10 == shown / 10 && shown >= 0)) {
            return;
        }
        shown = percent;
        int filled = percent * WIDTH / 100;
        String line = label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", percent) + "  " + status;
        if (interactive) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line. */
    void finish() {
        if (interactive) {
            out.println();
        }
    }
}

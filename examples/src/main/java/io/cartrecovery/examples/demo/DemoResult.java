package io.cartrecovery.examples.demo;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.examples.stats.EventLogStats;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one demo run produced.
 *
 * @param options     the options it ran with
 * @param settings    the simulated store's settings
 * @param from        start of the simulated period
 * @param to          end of the simulated period
 * @param events      the store's event log over the period
 * @param stats       the figures of the report, computed from {@code events}
 * @param orders      orders the simulated customers placed (with and without a sequence)
 * @param emailFiles  {@code .eml} files written to the outbox
 * @param engagement  what the simulated customers did through the engine's engagement API
 * @param outbox      the outbox folder
 * @param htmlReport  the HTML report
 * @param elapsed     real time the simulation took
 */
public record DemoResult(DemoOptions options, StoreSettings settings, Instant from, Instant to,
                         List<RecoveryEvent> events, EventLogStats stats, int orders, int emailFiles, Engagement engagement,
                         Path outbox, Path htmlReport, Duration elapsed) {

    /**
     * Calls the simulated customers made into the engine, as a host's endpoints would.
     *
     * @param opens         open pixels followed ({@code recordOpen})
     * @param clicks        tracked links followed, in emails and popups ({@code click})
     * @param unsubscribes  one-click unsubscribe links followed ({@code unsubscribe})
     * @param popupsTaken   popups a storefront visit got ({@code takePopup})
     * @param rejectedLinks links the engine refused (none, unless something is broken)
     */
    public record Engagement(int opens, int clicks, int unsubscribes, int popupsTaken, int rejectedLinks) {}

    /** Sequences neither stopped nor completed when the period ended. */
    public int stillActive() {
        int stopped = stats.stopReasons().values().stream().mapToInt(Integer::intValue).sum();
        return stats.sequencesStarted() - stopped - stats.completed();
    }
}

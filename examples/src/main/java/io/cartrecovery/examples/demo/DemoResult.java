package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;
import io.cartrecovery.core.experiment.Experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one demo run produced.
 *
 * @param options     the options it ran with
 * @param storage     the store it ran on
 * @param settings    the simulated store's settings
 * @param from        start of the simulated period
 * @param to          end of the simulated period, exclusive
 * @param events      the store's event log over the period
 * @param analytics   {@code engine.analytics} over the period: the report's headline figures
 * @param tally       the demo's own counts from {@code events}, for what analytics does not cover
 * @param orders      orders the simulated customers placed (with and without a sequence)
 * @param emailFiles  {@code .eml} files written to the outbox
 * @param engagement  what the simulated customers did through the engine's engagement API
 * @param outbox      the outbox folder
 * @param htmlReport  the HTML report
 * @param elapsed     real time the simulation took
 */
public record DemoResult(DemoOptions options, Storage storage, StoreSettings settings, Instant from, Instant to,
                         List<RecoveryEvent> events, AnalyticsReport analytics, EventTally tally, int orders,
                         int emailFiles, Engagement engagement, Path outbox, Path htmlReport, Duration elapsed) {

    /**
     * The store a run used.
     *
     * @param description   what the headline calls it
     * @param schema        the schema the run created with {@code --db-url}, or {@code null}
     * @param schemaDropped whether the run dropped that schema when it ended
     */
    public record Storage(String description, String schema, boolean schemaDropped) {}

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

    /** Sequences in an experiment's holdout (no messages); analytics counts them only per experiment. */
    public long holdoutSequences() {
        return analytics.byVariant().entrySet().stream().filter(e -> Experiment.isHoldout(e.getKey()))
                .mapToLong(e -> e.getValue().total()).sum();
    }

    /** Every sequence started, treated and holdout. */
    public long sequencesStarted() {
        return analytics.recovery().total() + holdoutSequences();
    }

    /** Sequences neither stopped nor completed when the period ended. */
    public long stillActive() {
        int stopped = tally.stopReasons().values().stream().mapToInt(Integer::intValue).sum();
        return sequencesStarted() - stopped - tally.completed();
    }

    /** Sends, opens and clicks of the steps of one channel added up (analytics, treated sequences). */
    public record ChannelStats(long sent, long opened, long clicked) {
        public Rate openRate() {
            return new Rate(opened, sent);
        }

        public Rate clickRate() {
            return new Rate(clicked, sent);
        }
    }

    /** The analytics of the steps of {@code channel} added up. */
    public ChannelStats channel(Channel channel) {
        long sent = 0;
        long opened = 0;
        long clicked = 0;
        for (StepStats step : analytics.steps().values()) {
            EventTally.StepCounts counts = tally.steps().get(step.stepId());
            if (counts != null && counts.channel() == channel) {
                sent += step.sent();
                opened += step.opened();
                clicked += step.clicked();
            }
        }
        return new ChannelStats(sent, opened, clicked);
    }
}

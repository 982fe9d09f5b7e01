package io.cartrecovery.core.analytics;

import io.cartrecovery.core.SequenceType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well a store's recovery worked over a period, computed from its event log by {@link AnalyticsCalculator}.
 *
 * <p>The cohort is every sequence started in {@code [from, to)}; only events in that period count, so a purchase
 * after {@code to} is not seen. A sequence is <em>recovered</em> when the log holds a {@code CART_RECOVERED} event
 * for it. Holdout sequences (experiments) count only in {@link #byVariant} and {@link #experiments}; every other
 * figure is about treated sequences. Rates with nothing to divide by are 0.0 and durations are zero.
 *
 * @param storeId                   the store
 * @param from                      start of the period, inclusive
 * @param to                        end of the period, exclusive
 * @param attributionWindow         how long after the last message sent a purchase counted as recovered revenue
 * @param recovery                  recovered out of started treated sequences
 * @param recoveredRevenue          order value of recoveries that came after a message and within the attribution
 *                                  window of the last one; zero for none
 * @param recoveredBeforeAnyMessage recoveries with no message sent before them (not counted as revenue)
 * @param byType                    recovery per sequence type, every type present
 * @param byVariant                 recovery per experiment arm label ({@code experiment/arm}), holdouts included
 * @param steps                     per step id: sends, opens, clicks and the recoveries it preceded
 * @param averageSequenceLength     messages sent per treated sequence
 * @param medianTimeToRecovery      median time from a sequence's start to its recovery
 * @param experiments               per experiment: arms, lift against the holdout, variant comparisons
 */
public record AnalyticsReport(String storeId, Instant from, Instant to, Duration attributionWindow, Rate recovery,
                              BigDecimal recoveredRevenue, long recoveredBeforeAnyMessage,
                              Map<SequenceType, Rate> byType, Map<String, Rate> byVariant,
                              Map<String, StepStats> steps, double averageSequenceLength,
                              Duration medianTimeToRecovery, List<ExperimentResult> experiments) {

    public AnalyticsReport {
        byType = sorted(byType);
        byVariant = sorted(byVariant);
        steps = sorted(steps);
        experiments = List.copyOf(experiments);
    }

    /** Recovery of one sequence type; {@link Rate#ZERO} when none ran. */
    public Rate recovery(SequenceType type) {
        return byType.getOrDefault(type, Rate.ZERO);
    }

    /** Stats of one step; all zero when it never ran. */
    public StepStats step(String stepId) {
        return steps.getOrDefault(stepId, new StepStats(stepId, 0, 0, 0, 0));
    }

    /** The result of one experiment, or {@code null} when none of its sequences started in the period. */
    public ExperimentResult experiment(String experimentId) {
        return experiments.stream().filter(e -> e.experimentId().equals(experimentId)).findFirst().orElse(null);
    }

    static <K extends Comparable<K>, V> Map<K, V> sorted(Map<K, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}

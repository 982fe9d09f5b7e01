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
 * after {@code to} is not seen. A message is <em>delivered</em> when an email (or any non-popup channel) was sent
 * ({@code STEP_SENT}), or when the storefront showed a popup ({@code POPUP_SHOWN}; queuing it is not enough). A
 * purchase ({@code CART_RECOVERED}, timed when the order was placed) <em>recovers</em> its sequence when at least
 * one of the sequence's messages was delivered at or before it and it came within the attribution window of the
 * last message delivered at or before it; that message's step is credited. This one definition gives the recovery
 * rate, the recovered revenue, the time to recovery and the breakdowns by type, step and variant. A purchase with
 * no message delivered before it is no recovery: it is counted in {@link #purchasedBeforeFirstMessage}. A purchase
 * after the window of the last delivered message is neither. Holdout sequences (experiments) count only in
 * {@link #byVariant} and {@link #experiments} (which compare conversions, see {@link ExperimentResult}); every other
 * figure is about treated sequences. Rates with nothing to divide by are 0.0 and durations are zero.
 *
 * @param storeId                     the store
 * @param from                        start of the period, inclusive
 * @param to                          end of the period, exclusive
 * @param attributionWindow           how long after the last message delivered a purchase still recovers
 * @param recovery                    recovered out of started treated sequences
 * @param recoveredRevenue            order value of the recovered sequences; zero for none
 * @param purchasedBeforeFirstMessage treated sequences bought before any of their messages was delivered, and
 *                                    their order value (not recovered, not in the revenue)
 * @param byType                      recovery per sequence type, every type present
 * @param byVariant                   recovery per experiment arm label ({@code experiment/arm}), holdouts included
 *                                    (which get no messages, so never recover)
 * @param steps                       per step id: sends, opens, clicks and the recoveries credited to it
 * @param averageSequenceLength       messages sent per treated sequence
 * @param medianTimeToRecovery        median time from a recovered sequence's start to its purchase
 * @param experiments                 per experiment: conversions per arm, lift against the holdout, variant
 *                                    comparisons
 */
public record AnalyticsReport(String storeId, Instant from, Instant to, Duration attributionWindow, Rate recovery,
                              BigDecimal recoveredRevenue, PurchaseTotal purchasedBeforeFirstMessage,
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

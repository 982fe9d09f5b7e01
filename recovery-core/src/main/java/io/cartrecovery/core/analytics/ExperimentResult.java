package io.cartrecovery.core.analytics;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one experiment.
 *
 * @param experimentId the experiment
 * @param arms         recoveries out of sequences per arm name, the holdout included
 * @param lift         all treated arms together against the holdout
 * @param comparisons  every variant against the control (the experiment's first variant)
 */
public record ExperimentResult(String experimentId, Map<String, Rate> arms, Lift lift,
                               List<ProportionTest> comparisons) {

    public ExperimentResult {
        arms = AnalyticsReport.sorted(arms);
        comparisons = List.copyOf(comparisons);
    }
}

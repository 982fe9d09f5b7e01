package io.cartrecovery.core.analytics;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one experiment, measured in <em>conversions</em>, the same for every arm: a sequence converted
 * when its cart was bought within the store's attribution window of the last of its steps that ran at or before
 * the purchase, however it ran (sent, skipped or failed). A holdout's steps all run, skipped, at the times the
 * treated arms send theirs, so its conversions count purchases over the same span, and the lift and the tests
 * compare like with like. Unlike a recovery (see {@link AnalyticsReport}) a conversion does not ask for a delivered
 * message; a purchase before the first step converts in no arm.
 *
 * @param experimentId the experiment
 * @param arms         conversions out of sequences per arm name, the holdout included
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

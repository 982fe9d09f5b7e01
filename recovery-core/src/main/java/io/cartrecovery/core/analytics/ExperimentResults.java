package io.cartrecovery.core.analytics;

import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups the per-arm conversion rates of a report by experiment and tests them, as {@link AnalyticsCalculator}
 * does; public
 * for stores that compute the rates themselves (in SQL) and must agree with the calculator.
 */
public final class ExperimentResults {
    private ExperimentResults() {}

    /**
     * The experiments of {@link AnalyticsReport#experiments()}, ordered by experiment id.
     *
     * @param byLabel     conversions (see {@link ExperimentResult}) per {@code experiment/arm} label, holdouts
     *                    included
     * @param experiments the store's experiments, which name each experiment's control (its first variant); for an
     *                    experiment not listed the arm with the smallest name is the control
     */
    public static List<ExperimentResult> of(Map<String, Rate> byLabel, List<Experiment> experiments) {
        if (byLabel == null || experiments == null) {
            throw new IllegalArgumentException("byLabel and experiments must not be null");
        }
        Map<String, Map<String, Rate>> arms = new TreeMap<>();
        byLabel.forEach((label, rate) -> {
            int slash = label.lastIndexOf('/');
            if (slash > 0) {
                arms.computeIfAbsent(label.substring(0, slash), k -> new TreeMap<>())
                        .put(label.substring(slash + 1), rate);
            }
        });
        List<ExperimentResult> results = new ArrayList<>(arms.size());
        arms.forEach((id, rates) -> results.add(result(id, rates, control(id, rates, experiments))));
        return results;
    }

    private static ExperimentResult result(String id, Map<String, Rate> rates, String control) {
        Rate treated = Rate.ZERO;
        for (var entry : rates.entrySet()) {
            if (!entry.getKey().equals(Experiment.HOLDOUT)) {
                treated = treated.plus(entry.getValue());
            }
        }
        Lift lift = Lift.of(treated, rates.getOrDefault(Experiment.HOLDOUT, Rate.ZERO));
        List<ProportionTest> comparisons = new ArrayList<>();
        if (control != null) {
            Rate baseline = rates.getOrDefault(control, Rate.ZERO);
            rates.forEach((arm, rate) -> {
                if (!arm.equals(control) && !arm.equals(Experiment.HOLDOUT)) {
                    comparisons.add(ProportionTest.of(id + "/" + arm, id + "/" + control, rate, baseline));
                }
            });
        }
        return new ExperimentResult(id, rates, lift, comparisons);
    }

    /** The experiment's first variant if it is configured, else the arm with the smallest name. */
    private static String control(String id, Map<String, Rate> rates, List<Experiment> experiments) {
        for (Experiment experiment : experiments) {
            if (experiment.id().equals(id)) {
                Variant first = experiment.variants().get(0);
                return first.name();
            }
        }
        return rates.keySet().stream().filter(arm -> !arm.equals(Experiment.HOLDOUT)).findFirst().orElse(null);
    }
}

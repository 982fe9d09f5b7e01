package io.cartrecovery.core.experiment;

import io.cartrecovery.core.StepDefinition;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One arm of an {@link Experiment}: a share of the treated carts and the steps it changes.
 *
 * @param name   short name, unique in the experiment, not {@value Experiment#HOLDOUT}; letters, digits, {@code -_.}
 * @param weight relative share of the treated carts, positive
 * @param steps  replacements of plan steps, matched by step id (a different tone, offset or incentive); empty for
 *               the control arm
 */
public record Variant(String name, double weight, List<StepDefinition> steps) {

    public Variant {
        Experiment.checkName(name, "name");
        if (Experiment.HOLDOUT.equals(name)) {
            throw new IllegalArgumentException("name must not be '" + Experiment.HOLDOUT + "'");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive");
        }
        if (steps == null) {
            throw new IllegalArgumentException("steps must not be null");
        }
        steps = List.copyOf(steps);
        Set<String> ids = new HashSet<>();
        for (StepDefinition step : steps) {
            if (!ids.add(step.id())) {
                throw new IllegalArgumentException("steps must change each step at most once, " + step.id()
                        + " repeats");
            }
        }
    }

    /** An arm that runs the plan unchanged. */
    public static Variant control(String name, double weight) {
        return new Variant(name, weight, List.of());
    }

    /** An arm that replaces the plan's steps having the same ids as {@code changed}. */
    public static Variant of(String name, double weight, StepDefinition... changed) {
        return new Variant(name, weight, List.of(changed));
    }
}

package io.cartrecovery.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps a sequence of one type runs, in order of their offsets.
 *
 * @param type  the sequence type this plan is for
 * @param steps at least one step, offsets strictly increasing, ids unique
 */
public record SequencePolicy(SequenceType type, List<StepDefinition> steps) {

    public static final String POPUP_1H = "POPUP_1H";
    public static final String EMAIL_2H = "EMAIL_2H";
    public static final String EMAIL_24H = "EMAIL_24H";
    public static final String EMAIL_48H = "EMAIL_48H";
    public static final String EMAIL_72H = "EMAIL_72H";

    private static final List<StepDefinition> DEFAULT_STEPS = List.of(
            StepDefinition.of(POPUP_1H, Duration.ofHours(1), Channel.POPUP, Tone.HELPFUL_REMINDER),
            StepDefinition.of(EMAIL_2H, Duration.ofHours(2), Channel.EMAIL, Tone.HELPFUL_REMINDER),
            StepDefinition.of(EMAIL_24H, Duration.ofHours(24), Channel.EMAIL, Tone.SOCIAL_PROOF),
            StepDefinition.of(EMAIL_48H, Duration.ofHours(48), Channel.EMAIL, Tone.OBJECTION_HANDLING),
            StepDefinition.of(EMAIL_72H, Duration.ofHours(72), Channel.EMAIL, Tone.LAST_CHANCE));

    public SequencePolicy {
        Checks.notNull(type, "type");
        Checks.notEmpty(steps, "steps");
        steps = List.copyOf(steps);
        Set<String> ids = new HashSet<>();
        Duration previous = Duration.ZERO;
        for (StepDefinition step : steps) {
            if (!ids.add(step.id())) {
                throw new IllegalArgumentException("steps must have unique ids, " + step.id() + " repeats");
            }
            if (step.offset().compareTo(previous) <= 0) {
                throw new IllegalArgumentException("steps must have strictly increasing offsets, " + step.id()
                        + " is not later than the step before it");
            }
            previous = step.offset();
        }
    }

    /** The seed's plan: popup at +1h, emails at +2h, +24h, +48h and +72h, with no incentive. */
    public static SequencePolicy defaults(SequenceType type) {
        return new SequencePolicy(type, DEFAULT_STEPS);
    }

    /** A copy where the step with {@code stepId} offers {@code incentive}. */
    public SequencePolicy withIncentive(String stepId, Incentive incentive) {
        if (steps.stream().noneMatch(step -> step.id().equals(stepId))) {
            throw new IllegalArgumentException("stepId " + stepId + " is not a step of this policy");
        }
        return new SequencePolicy(type, steps.stream()
                .map(step -> step.id().equals(stepId) ? step.withIncentive(incentive) : step)
                .toList());
    }
}

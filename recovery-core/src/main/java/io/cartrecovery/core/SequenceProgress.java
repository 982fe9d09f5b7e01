package io.cartrecovery.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a recovery sequence stands: the part of it every transition changes (its {@link SequenceIdentity} never
 * changes). The transitions themselves are {@link RecoverySequence}'s.
 *
 * @param status      active or terminal
 * @param stopReason  why it stopped, only when {@code STOPPED}
 * @param nextStep    index into the plan of the step to run next (the plan's size once all ran)
 * @param attempt     claims made on the next step so far (a crashed claim counts)
 * @param dueAt       when the next step (or the lease check of an in-flight step) is due; {@code null} when
 *                    terminal
 * @param leaseUntil  while a step is in flight, when its lease ends; otherwise {@code null}
 * @param endedAt     when it reached its terminal state, or {@code null}
 * @param outcomes    outcome of every step that ran, in order
 * @param unreachable channels found unable to reach the customer
 */
public record SequenceProgress(SequenceStatus status, StopReason stopReason, int nextStep, int attempt,
                               Instant dueAt, Instant leaseUntil, Instant endedAt, List<StepOutcome> outcomes,
                               Set<Channel> unreachable) {

    public SequenceProgress {
        Checks.notNull(status, "status");
        if ((status == SequenceStatus.STOPPED) != (stopReason != null)) {
            throw new IllegalArgumentException("stopReason must be set exactly when status is STOPPED");
        }
        Checks.nonNegative(nextStep, "nextStep");
        Checks.nonNegative(attempt, "attempt");
        if (status == SequenceStatus.ACTIVE && dueAt == null) {
            throw new IllegalArgumentException("dueAt must be set while ACTIVE");
        }
        outcomes = List.copyOf(Checks.notNull(outcomes, "outcomes"));
        unreachable = Checks.notNull(unreachable, "unreachable").isEmpty() ? Set.of() : Set.copyOf(unreachable);
    }

    /** A new sequence: active, its first step due at {@code dueAt}. */
    static SequenceProgress first(Instant dueAt) {
        return new SequenceProgress(SequenceStatus.ACTIVE, null, 0, 0, dueAt, null, null, List.of(), Set.of());
    }

    /** Active at {@code step}, after {@code attempts} claims of it, due at {@code due}, leased until {@code lease}. */
    SequenceProgress at(int step, int attempts, Instant due, Instant lease) {
        return new SequenceProgress(SequenceStatus.ACTIVE, null, step, attempts, due, lease, null, outcomes,
                unreachable);
    }

    /** Terminal with {@code terminal} (and {@code reason} when stopped) at {@code at}, nothing due or leased. */
    SequenceProgress ended(SequenceStatus terminal, StopReason reason, int step, int attempts, Instant at) {
        return new SequenceProgress(terminal, reason, step, attempts, null, null, at, outcomes, unreachable);
    }

    /** The same, with {@code outcome} recorded after the others. */
    SequenceProgress withOutcome(StepOutcome outcome) {
        List<StepOutcome> recorded = new ArrayList<>(outcomes.size() + 1);
        recorded.addAll(outcomes);
        recorded.add(outcome);
        return new SequenceProgress(status, stopReason, nextStep, attempt, dueAt, leaseUntil, endedAt, recorded,
                unreachable);
    }

    /** The same, with {@code channel} marked unreachable. */
    SequenceProgress withUnreachable(Channel channel) {
        EnumSet<Channel> channels = EnumSet.of(channel);
        channels.addAll(unreachable);
        return new SequenceProgress(status, stopReason, nextStep, attempt, dueAt, leaseUntil, endedAt, outcomes,
                channels);
    }
}

package io.cartrecovery.examples.http;

import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StopReason;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A sequence as the management API shows it.
 *
 * @param nextStep the step that runs next, {@code null} when none
 * @param history  the sequence's events, only when one sequence is read
 */
record SequenceView(String id, String cartId, String customerId, SequenceType type, String variant,
                    SequenceStatus status, StopReason stopReason, String nextStep, Instant dueAt,
                    Instant abandonedAt, Instant startedAt, Instant endedAt, List<StepOutcome> outcomes,
                    List<Event> history) {

    /** One event of the history. */
    record Event(String type, String stepId, String detail, BigDecimal value, Instant at) {}

    /** A page of sequences; pass {@code nextCursor} as {@code after} for the next one. */
    record Page(List<SequenceView> items, String nextCursor) {}

    static SequenceView of(RecoverySequence s, List<RecoveryEvent> history) {
        StepDefinition next = s.isActive() ? s.currentStep() : null;
        return new SequenceView(s.id(), s.cartId(), s.customerId(), s.type(), s.variant(), s.status(),
                s.stopReason(), next == null ? null : next.id(), s.dueAt(), s.abandonedAt(), s.startedAt(),
                s.endedAt(), s.outcomes(), history == null ? null : history.stream()
                .map(e -> new Event(e.type().name(), e.stepId(), e.detail(), e.value(), e.at())).toList());
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequenceIdentity;
import io.cartrecovery.core.SequenceProgress;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StopReason;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The stored form of a sequence in {@code cr_sequence.body}: one flat JSON object with these field names, as every
 * release so far wrote it, so that rows stay readable whatever shape the core value takes. A format, not a value:
 * it only converts.
 */
record StoredSequence(String id, String storeId, String cartId, String customerId, SequenceType type,
                      String variant, SequenceStatus status, StopReason stopReason, List<StepDefinition> plan,
                      int nextStep, int attempt, Instant dueAt, Instant leaseUntil, Instant abandonedAt,
                      Instant startedAt, Instant endedAt, List<StepOutcome> outcomes, Set<Channel> unreachable,
                      long version) {

    static StoredSequence of(RecoverySequence sequence) {
        SequenceIdentity i = sequence.identity();
        SequenceProgress p = sequence.progress();
        return new StoredSequence(i.id(), i.storeId(), i.cartId(), i.customerId(), i.type(), i.variant(),
                p.status(), p.stopReason(), i.plan(), p.nextStep(), p.attempt(), p.dueAt(), p.leaseUntil(),
                i.abandonedAt(), i.startedAt(), p.endedAt(), p.outcomes(), p.unreachable(), sequence.version());
    }

    RecoverySequence toSequence() {
        return new RecoverySequence(
                new SequenceIdentity(id, storeId, cartId, customerId, type, variant, plan, abandonedAt, startedAt),
                new SequenceProgress(status, stopReason, nextStep, attempt, dueAt, leaseUntil, endedAt,
                        outcomes == null ? List.of() : outcomes, unreachable == null ? Set.of() : unreachable),
                version);
    }
}

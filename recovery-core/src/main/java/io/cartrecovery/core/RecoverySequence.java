package io.cartrecovery.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The recovery sequence of one abandoned cart: an immutable snapshot at one {@link #version()}.
 *
 * <p>Every transition returns a new snapshot with the version raised by one; stores accept it only through a
 * compare-and-set on the previous version, so concurrent writers never overwrite each other.
 *
 * @param id           unique id
 * @param storeId      the store
 * @param cartId       the abandoned cart
 * @param customerId   the cart's customer
 * @param type         the segment that chose the plan
 * @param variant      experiment variant, or {@code null}
 * @param status       active or terminal
 * @param stopReason   why it stopped, only when {@code STOPPED}
 * @param plan         the steps, fixed when the sequence starts
 * @param nextStep     index into {@code plan} of the step to run next ({@code plan.size()} once all ran)
 * @param attempt      claims made on the next step so far (a crashed claim counts)
 * @param dueAt        when the next step (or the lease check of an in-flight step) is due; {@code null} when terminal
 * @param leaseUntil   while a step is in flight, when its lease ends; otherwise {@code null}
 * @param abandonedAt  the abandonment time every offset counts from
 * @param startedAt    when the sequence was created
 * @param endedAt      when it reached its terminal state, or {@code null}
 * @param outcomes     outcome of every step that ran, in order
 * @param unreachable  channels found unable to reach the customer
 * @param version      optimistic-lock version, starting at 1
 */
public record RecoverySequence(String id, String storeId, String cartId, String customerId, SequenceType type,
                               String variant, SequenceStatus status, StopReason stopReason,
                               List<StepDefinition> plan, int nextStep, int attempt, Instant dueAt,
                               Instant leaseUntil, Instant abandonedAt, Instant startedAt, Instant endedAt,
                               List<StepOutcome> outcomes, Set<Channel> unreachable, long version) {

    public RecoverySequence {
        Checks.id(id, "id");
        Checks.id(storeId, "storeId");
        Checks.id(cartId, "cartId");
        Checks.id(customerId, "customerId");
        Checks.notNull(type, "type");
        Checks.notNull(status, "status");
        if ((status == SequenceStatus.STOPPED) != (stopReason != null)) {
            throw new IllegalArgumentException("stopReason must be set exactly when status is STOPPED");
        }
        Checks.notEmpty(plan, "plan");
        plan = List.copyOf(plan);
        if (nextStep < 0 || nextStep > plan.size()) {
            throw new IllegalArgumentException("nextStep must be between 0 and " + plan.size());
        }
        Checks.nonNegative(attempt, "attempt");
        if (status == SequenceStatus.ACTIVE && dueAt == null) {
            throw new IllegalArgumentException("dueAt must be set while ACTIVE");
        }
        Checks.notNull(abandonedAt, "abandonedAt");
        Checks.notNull(startedAt, "startedAt");
        outcomes = List.copyOf(Checks.notNull(outcomes, "outcomes"));
        unreachable = unreachable.isEmpty() ? Set.of() : Set.copyOf(unreachable);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /** A new active sequence whose first step is due at {@code firstDueAt}. */
    public static RecoverySequence start(String id, Cart cart, SequenceType type, String variant,
                                         List<StepDefinition> plan, Instant abandonedAt, Instant firstDueAt,
                                         Instant now) {
        return new RecoverySequence(id, cart.storeId(), cart.cartId(), cart.customerId(), type, variant,
                SequenceStatus.ACTIVE, null, plan, 0, 0, firstDueAt, null, abandonedAt, now, null, List.of(),
                Set.of(), 1);
    }

    public boolean isActive() {
        return status == SequenceStatus.ACTIVE;
    }

    /** Whether a step is claimed and its lease has not been released. */
    public boolean isInFlight() {
        return leaseUntil != null;
    }

    /** The step to run next, or {@code null} when all ran. */
    public StepDefinition currentStep() {
        return nextStep < plan.size() ? plan.get(nextStep) : null;
    }

    /** The step after the current one, or {@code null}. */
    public StepDefinition followingStep() {
        return nextStep + 1 < plan.size() ? plan.get(nextStep + 1) : null;
    }

    /**
     * Abandonment time plus the step's offset: the step's time before send-time rules move it (never earlier
     * than this for steps under +24h; up to the store's send window earlier for later emails).
     */
    public Instant plannedAt(StepDefinition step) {
        return abandonedAt.plus(step.offset());
    }

    /** {@code sequenceId:stepId}: the same for every attempt of one step, so receivers can deduplicate. */
    public String idempotencyKey(StepDefinition step) {
        return id + ":" + step.id();
    }

    /** Claims the current step: it is in flight until {@code now + lease}, when it becomes due again. */
    public RecoverySequence claim(Instant now, Duration lease) {
        requireActive();
        Instant until = now.plus(lease);
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, null, plan, nextStep,
                attempt + 1, until, until, abandonedAt, startedAt, null, outcomes, unreachable, version + 1);
    }

    /** Releases the claim; the same step runs again at {@code retryAt}. */
    public RecoverySequence retryAt(Instant retryAt) {
        requireActive();
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, null, plan, nextStep,
                attempt, retryAt, null, abandonedAt, startedAt, null, outcomes, unreachable, version + 1);
    }

    /**
     * A run of the current step failed before its claim: it counts as an attempt, and the step runs again at
     * {@code retryAt}.
     */
    public RecoverySequence runFailed(Instant retryAt) {
        requireActive();
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, null, plan, nextStep,
                attempt + 1, retryAt, null, abandonedAt, startedAt, null, outcomes, unreachable, version + 1);
    }

    /**
     * Runs the earlier step {@code index} again at {@code dueAt} (a failed step a host sends again); its next
     * completion moves the sequence on to the step after it, as the first one did.
     */
    public RecoverySequence retryStep(int index, Instant dueAt) {
        requireActive();
        if (index < 0 || index >= nextStep) {
            throw new IllegalArgumentException("index must be a step that ran: 0 to " + (nextStep - 1));
        }
        Checks.notNull(dueAt, "dueAt");
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, null, plan, index, 0,
                dueAt, null, abandonedAt, startedAt, null, outcomes, unreachable, version + 1);
    }

    /**
     * Records the outcome of the current step and moves on; the next step is due at {@code nextDueAt}, or the
     * sequence completes when this was the last step.
     */
    public RecoverySequence advance(StepOutcome outcome, Instant nextDueAt, Instant now) {
        requireActive();
        List<StepOutcome> recorded = append(outcome);
        int next = nextStep + 1;
        if (next >= plan.size()) {
            return new RecoverySequence(id, storeId, cartId, customerId, type, variant, SequenceStatus.COMPLETED,
                    null, plan, next, 0, null, null, abandonedAt, startedAt, now, recorded, unreachable,
                    version + 1);
        }
        Checks.notNull(nextDueAt, "nextDueAt");
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, null, plan, next, 0,
                nextDueAt, null, abandonedAt, startedAt, null, recorded, unreachable, version + 1);
    }

    /** Moves to {@code STOPPED} with {@code reason}. */
    public RecoverySequence stop(StopReason reason, Instant now) {
        requireActive();
        Checks.notNull(reason, "reason");
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, SequenceStatus.STOPPED,
                reason, plan, nextStep, attempt, null, null, abandonedAt, startedAt, now, outcomes, unreachable,
                version + 1);
    }

    /** Adds an outcome to a terminal sequence's history (a send that completed after a stop won). */
    public RecoverySequence withLateOutcome(StepOutcome outcome) {
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, stopReason, plan,
                nextStep, attempt, dueAt, leaseUntil, abandonedAt, startedAt, endedAt, append(outcome),
                unreachable, version + 1);
    }

    /** Marks {@code channel} as unable to reach the customer. */
    public RecoverySequence withUnreachable(Channel channel) {
        EnumSet<Channel> channels = EnumSet.of(channel);
        channels.addAll(unreachable);
        return new RecoverySequence(id, storeId, cartId, customerId, type, variant, status, stopReason, plan,
                nextStep, attempt, dueAt, leaseUntil, abandonedAt, startedAt, endedAt, outcomes, channels,
                version + 1);
    }

    /** Whether any step from {@code fromIndex} on uses a channel not marked unreachable. */
    public boolean hasReachableStepFrom(int fromIndex) {
        for (int i = fromIndex; i < plan.size(); i++) {
            if (!unreachable.contains(plan.get(i).channel())) {
                return true;
            }
        }
        return false;
    }

    private List<StepOutcome> append(StepOutcome outcome) {
        List<StepOutcome> recorded = new ArrayList<>(outcomes.size() + 1);
        recorded.addAll(outcomes);
        recorded.add(outcome);
        return recorded;
    }

    private void requireActive() {
        if (status != SequenceStatus.ACTIVE) {
            throw new IllegalStateException("sequence " + id + " is " + status + ", not ACTIVE");
        }
    }
}

package io.cartrecovery.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The recovery sequence of one abandoned cart: an immutable snapshot at one {@link #version()}, made of what it
 * is ({@link SequenceIdentity}, fixed at the start) and where it stands ({@link SequenceProgress}).
 *
 * <p>Every transition of a sequence is a method of this class, and returns a new snapshot with the version raised
 * by one; stores accept it only through a compare-and-set on the previous version, so concurrent writers never
 * overwrite each other. The accessors named after a field of the identity or the progress read it from there.
 *
 * <p>The state machine, each transition with the rule that chooses it (and the engine class that applies it):
 * <ul>
 *   <li>{@link #start}: an abandoned cart with a reachable customer who has not opted out and no sequence for
 *       this abandonment yet ({@code Starts}, {@code Batches});</li>
 *   <li>{@link #claim}: the current step is due and its message is written; the claim is also the re-check that
 *       nothing changed while writing ({@code StepExecutor});</li>
 *   <li>{@link #advance}: the step was sent or skipped, or failed for good; the last step completes the sequence
 *       ({@code StepExecutor});</li>
 *   <li>{@link #retryAt}: a transient send failure within the retry policy, or quiet hours that end before the
 *       next step is due ({@code StepExecutor});</li>
 *   <li>{@link #runFailed}: the run failed before its claim, within the retry policy ({@code StepExecutor});</li>
 *   <li>{@link #withUnreachable}: a permanent failure of a channel; {@link #advance} then {@link #stop} with
 *       {@code UNREACHABLE} when no later step can reach the customer ({@code StepExecutor});</li>
 *   <li>{@link #stop}: {@code PURCHASED} on an order ({@code Purchases}), {@code OPTED_OUT} on an opt-out,
 *       {@code SUPERSEDED} by the customer's newer abandonment, {@code MANUAL} by the host
 *       ({@code DefaultRecoveryEngine}, {@code Batches}), {@code EXPIRED} once the store's {@code expireAfter}
 *       has passed since the abandonment ({@code StepExecutor});</li>
 *   <li>{@link #retryStep}: the host sends a failed step again ({@code DeadLetters});</li>
 *   <li>{@link #withLateOutcome}: a send that finished after a stop won keeps the history truthful
 *       ({@code StepExecutor}).</li>
 * </ul>
 *
 * @param identity what the sequence is
 * @param progress where it stands
 * @param version  optimistic-lock version, starting at 1
 */
public record RecoverySequence(SequenceIdentity identity, SequenceProgress progress, long version) {

    public RecoverySequence {
        Checks.notNull(identity, "identity");
        Checks.notNull(progress, "progress");
        if (progress.nextStep() > identity.plan().size()) {
            throw new IllegalArgumentException("nextStep must be between 0 and " + identity.plan().size());
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /** A new active sequence whose first step is due at {@code firstDueAt}. */
    public static RecoverySequence start(String id, Cart cart, SequenceType type, String variant,
                                         List<StepDefinition> plan, Instant abandonedAt, Instant firstDueAt,
                                         Instant now) {
        SequenceIdentity identity = new SequenceIdentity(id, cart.storeId(), cart.cartId(), cart.customerId(), type,
                variant, plan, abandonedAt, now);
        return new RecoverySequence(identity, SequenceProgress.first(firstDueAt), 1);
    }

    public String id() {
        return identity.id();
    }

    public String storeId() {
        return identity.storeId();
    }

    public String cartId() {
        return identity.cartId();
    }

    public String customerId() {
        return identity.customerId();
    }

    public SequenceType type() {
        return identity.type();
    }

    /** The experiment variant, or {@code null}. */
    public String variant() {
        return identity.variant();
    }

    public List<StepDefinition> plan() {
        return identity.plan();
    }

    public Instant abandonedAt() {
        return identity.abandonedAt();
    }

    public Instant startedAt() {
        return identity.startedAt();
    }

    public SequenceStatus status() {
        return progress.status();
    }

    /** Why it stopped, or {@code null} unless {@code STOPPED}. */
    public StopReason stopReason() {
        return progress.stopReason();
    }

    public int nextStep() {
        return progress.nextStep();
    }

    public int attempt() {
        return progress.attempt();
    }

    /** When the next step (or the lease check of an in-flight step) is due; {@code null} when terminal. */
    public Instant dueAt() {
        return progress.dueAt();
    }

    /** While a step is in flight, when its lease ends; otherwise {@code null}. */
    public Instant leaseUntil() {
        return progress.leaseUntil();
    }

    /** When it reached its terminal state, or {@code null}. */
    public Instant endedAt() {
        return progress.endedAt();
    }

    public List<StepOutcome> outcomes() {
        return progress.outcomes();
    }

    public Set<Channel> unreachable() {
        return progress.unreachable();
    }

    public boolean isActive() {
        return progress.status() == SequenceStatus.ACTIVE;
    }

    /** Whether a step is claimed and its lease has not been released. */
    public boolean isInFlight() {
        return progress.leaseUntil() != null;
    }

    /** The step to run next, or {@code null} when all ran. */
    public StepDefinition currentStep() {
        return stepAt(progress.nextStep());
    }

    /** The step after the current one, or {@code null}. */
    public StepDefinition followingStep() {
        return stepAt(progress.nextStep() + 1);
    }

    /**
     * Abandonment time plus the step's offset: the step's time before send-time rules move it (never earlier
     * than this for steps under +24h; up to the store's send window earlier for later emails).
     */
    public Instant plannedAt(StepDefinition step) {
        return identity.abandonedAt().plus(step.offset());
    }

    /** {@code sequenceId:stepId}: the same for every attempt of one step, so receivers can deduplicate. */
    public String idempotencyKey(StepDefinition step) {
        return identity.id() + ":" + step.id();
    }

    /** Claims the current step: it is in flight until {@code now + lease}, when it becomes due again. */
    public RecoverySequence claim(Instant now, Duration lease) {
        requireActive();
        Instant until = now.plus(lease);
        return next(progress.at(progress.nextStep(), progress.attempt() + 1, until, until));
    }

    /** Releases the claim; the same step runs again at {@code retryAt}. */
    public RecoverySequence retryAt(Instant retryAt) {
        requireActive();
        return next(progress.at(progress.nextStep(), progress.attempt(), retryAt, null));
    }

    /**
     * A run of the current step failed before its claim: it counts as an attempt, and the step runs again at
     * {@code retryAt}.
     */
    public RecoverySequence runFailed(Instant retryAt) {
        requireActive();
        return next(progress.at(progress.nextStep(), progress.attempt() + 1, retryAt, null));
    }

    /**
     * Runs the earlier step {@code index} again at {@code dueAt} (a failed step a host sends again); its next
     * completion moves the sequence on to the step after it, as the first one did.
     */
    public RecoverySequence retryStep(int index, Instant dueAt) {
        requireActive();
        if (index < 0 || index >= progress.nextStep()) {
            throw new IllegalArgumentException("index must be a step that ran: 0 to " + (progress.nextStep() - 1));
        }
        Checks.notNull(dueAt, "dueAt");
        return next(progress.at(index, 0, dueAt, null));
    }

    /**
     * Records the outcome of the current step and moves on; the next step is due at {@code nextDueAt}, or the
     * sequence completes when this was the last step.
     */
    public RecoverySequence advance(StepOutcome outcome, Instant nextDueAt, Instant now) {
        requireActive();
        SequenceProgress recorded = progress.withOutcome(outcome);
        int following = progress.nextStep() + 1;
        if (following >= identity.plan().size()) {
            return next(recorded.ended(SequenceStatus.COMPLETED, null, following, 0, now));
        }
        Checks.notNull(nextDueAt, "nextDueAt");
        return next(recorded.at(following, 0, nextDueAt, null));
    }

    /** Moves to {@code STOPPED} with {@code reason}. */
    public RecoverySequence stop(StopReason reason, Instant now) {
        requireActive();
        Checks.notNull(reason, "reason");
        return next(progress.ended(SequenceStatus.STOPPED, reason, progress.nextStep(), progress.attempt(), now));
    }

    /** Adds an outcome to a terminal sequence's history (a send that completed after a stop won). */
    public RecoverySequence withLateOutcome(StepOutcome outcome) {
        return next(progress.withOutcome(outcome));
    }

    /** Marks {@code channel} as unable to reach the customer. */
    public RecoverySequence withUnreachable(Channel channel) {
        return next(progress.withUnreachable(channel));
    }

    /** Whether any step from {@code fromIndex} on uses a channel not marked unreachable. */
    public boolean hasReachableStepFrom(int fromIndex) {
        List<StepDefinition> plan = identity.plan();
        for (int i = fromIndex; i < plan.size(); i++) {
            if (!progress.unreachable().contains(plan.get(i).channel())) {
                return true;
            }
        }
        return false;
    }

    private StepDefinition stepAt(int index) {
        List<StepDefinition> plan = identity.plan();
        return index < plan.size() ? plan.get(index) : null;
    }

    private RecoverySequence next(SequenceProgress changed) {
        return new RecoverySequence(identity, changed, version + 1);
    }

    private void requireActive() {
        if (progress.status() != SequenceStatus.ACTIVE) {
            throw new IllegalStateException("sequence " + identity.id() + " is " + progress.status()
                    + ", not ACTIVE");
        }
    }
}

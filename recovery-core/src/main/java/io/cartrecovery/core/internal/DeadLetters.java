package io.cartrecovery.core.internal;

import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.FailedStep;
import io.cartrecovery.core.Page;
import io.cartrecovery.core.PageRequest;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.spi.EventLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Dead letters: the {@code STEP_FAILED} events of a store, newest first (ties by sequence id, descending), paged
 * with a cursor of the last item's time and sequence id; and the rule that decides whether one may be sent again.
 */
final class DeadLetters {
    /** The detail of the retry event a host's request records. */
    static final String MANUAL_RETRY = "MANUAL_RETRY";
    private static final Comparator<RecoveryEvent> NEWEST_FIRST = Comparator.comparing(RecoveryEvent::at)
            .thenComparing(RecoveryEvent::sequenceId, Comparator.nullsFirst(Comparator.naturalOrder())).reversed();

    private DeadLetters() {}

    /** One page of the store's dead letters; {@code now} bounds the first page (no failure is recorded later). */
    static Page<FailedStep> page(EventLog log, String storeId, PageRequest page, Instant now) {
        Cursor after = page.after() == null ? null : Cursor.parse(page.after());
        Instant before = after == null ? now.plusSeconds(1) : after.at().plusNanos(1);
        int fetch = page.limit() + 1;
        while (true) {
            List<RecoveryEvent> latest = new ArrayList<>(log.latestEvents(storeId, EventType.STEP_FAILED,
                    before, fetch));
            boolean exhausted = latest.size() < fetch;
            latest.sort(NEWEST_FIRST);
            // Unless the log is exhausted, more events may share the oldest time read: trust only newer ones.
            Instant oldestRead = latest.isEmpty() ? null : latest.get(latest.size() - 1).at();
            List<RecoveryEvent> items = latest.stream()
                    .filter(e -> after == null || after.isBefore(e))
                    .filter(e -> exhausted || e.at().isAfter(oldestRead))
                    .toList();
            if (items.size() > page.limit() || exhausted) {
                List<FailedStep> steps = items.stream().limit(page.limit()).map(DeadLetters::failedStep).toList();
                String next = items.size() > page.limit()
                        ? Cursor.of(items.get(page.limit() - 1)).toString() : null;
                return new Page<>(steps, next);
            }
            fetch *= 2; // too few events told apart from the ones not read: read further
        }
    }

    private static FailedStep failedStep(RecoveryEvent event) {
        return new FailedStep(event.storeId(), event.sequenceId(), event.cartId(), event.stepId(), event.detail(),
                event.at());
    }

    /**
     * The sequence with its failed step {@code stepId} due again at {@code now}.
     *
     * @throws ConflictException unless the sequence is active, not running a step, its last outcome is the failure
     *                           of {@code stepId}, and its next step is not due yet
     */
    static RecoverySequence retry(RecoverySequence sequence, String stepId, Instant now) {
        if (!sequence.isActive()) {
            throw new ConflictException("sequence " + sequence.id() + " has ended");
        }
        List<StepOutcome> outcomes = sequence.outcomes();
        StepOutcome last = outcomes.isEmpty() ? null : outcomes.get(outcomes.size() - 1);
        int index = sequence.nextStep() - 1;
        if (last == null || last.status() != StepStatus.FAILED || !last.stepId().equals(stepId) || index < 0
                || !sequence.plan().get(index).id().equals(stepId)) {
            throw new ConflictException("step " + stepId + " is not the last failed step of sequence "
                    + sequence.id());
        }
        if (sequence.isInFlight() || !sequence.dueAt().isAfter(now)) {
            throw new ConflictException("the next step of sequence " + sequence.id() + " is due already");
        }
        return sequence.retryStep(index, now);
    }

    /** A position in the newest-first order: an event's time and sequence id. */
    private record Cursor(Instant at, String sequenceId) {
        static Cursor of(RecoveryEvent event) {
            return new Cursor(event.at(), event.sequenceId());
        }

        static Cursor parse(String value) {
            int bar = value.indexOf('|');
            try {
                return new Cursor(Instant.parse(value.substring(0, bar)), value.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("page.after is not a cursor of this listing");
            }
        }

        /** Whether {@code event} comes after this cursor in the newest-first order. */
        boolean isBefore(RecoveryEvent event) {
            int byTime = event.at().compareTo(at);
            return byTime < 0 || (byTime == 0 && event.sequenceId() != null
                    && event.sequenceId().compareTo(sequenceId) < 0);
        }

        @Override
        public String toString() {
            return at + "|" + sequenceId;
        }
    }
}

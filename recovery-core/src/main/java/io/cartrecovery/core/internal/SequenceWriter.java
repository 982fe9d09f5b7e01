package io.cartrecovery.core.internal;

import io.cartrecovery.core.spi.SequenceStore;
import io.cartrecovery.core.ConflictException;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StopReason;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Changes a sequence with compare-and-set, re-reading on conflict. */
final class SequenceWriter {
    private static final int MAX_CAS_TRIES = 100;

    private final SequenceStore store;

    SequenceWriter(SequenceStore store) {
        this.store = store;
    }

    /** Stops the sequence with {@code reason} unless it is already terminal; returns it as stored afterwards. */
    RecoverySequence stopIfActive(RecoverySequence sequence, StopReason reason, Instant now) {
        return update(sequence, current -> current.isActive() ? current.stop(reason, now) : null,
                stopped -> List.of(RecoveryEvent.sequenceStopped(stopped, now)));
    }

    /**
     * Applies {@code change} with compare-and-set, re-reading on conflict; a change that returns {@code null}
     * leaves the sequence as it is. Returns the sequence as stored afterwards.
     */
    RecoverySequence update(RecoverySequence sequence, Function<RecoverySequence, RecoverySequence> change,
                            Function<RecoverySequence, List<RecoveryEvent>> events) {
        RecoverySequence current = sequence;
        for (int tries = 0; tries < MAX_CAS_TRIES; tries++) {
            RecoverySequence next = change.apply(current);
            if (next == null) {
                return current;
            }
            if (store.compareAndSet(current, next, events.apply(next))) {
                return next;
            }
            current = store.sequence(sequence.storeId(), sequence.id()).orElseThrow();
        }
        throw new ConflictException("sequence " + sequence.id() + " changed too often to update");
    }
}

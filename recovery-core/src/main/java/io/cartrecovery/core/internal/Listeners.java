package io.cartrecovery.core.internal;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registered listeners, called in order; a listener that throws is logged (the first failure with its stack
 * trace, then every 1,000th) and the others are still called.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<RecoveryListener> listeners;
    private final AtomicLong failures = new AtomicLong();

    Listeners(List<RecoveryListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Tells every listener about {@code events}, committed together with {@code sequence} (or none). */
    void committed(List<RecoveryEvent> events, RecoverySequence sequence) {
        for (RecoveryEvent event : events) {
            RecoveryListener.Notice notice = new RecoveryListener.Notice(event, sequence, channel(event, sequence));
            for (RecoveryListener listener : listeners) {
                try {
                    listener.onEvent(notice);
                } catch (RuntimeException e) {
                    failed(listener, e);
                }
            }
        }
    }

    void timed(RecoveryListener.StepTimes times) {
        for (RecoveryListener listener : listeners) {
            try {
                listener.onStepTimed(times);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    private static Channel channel(RecoveryEvent event, RecoverySequence sequence) {
        if (sequence == null || event.stepId() == null) {
            return null;
        }
        for (StepDefinition step : sequence.plan()) {
            if (step.id().equals(event.stepId())) {
                return step.channel();
            }
        }
        return null;
    }

    private void failed(RecoveryListener listener, RuntimeException e) {
        long count = failures.incrementAndGet();
        if (count == 1) {
            LOG.error("listener {} failed; its failures are ignored", listener.getClass().getName(),
                    Redaction.forLog(e));
        } else if (count % 1_000 == 0) {
            LOG.warn("listeners failed {} times; the latest: {}", count, Redaction.describe(e));
        }
    }
}

package io.cartrecovery.core;

import java.time.Duration;

/**
 * Hears what the engine did, for metrics, a CRM or a data warehouse. Register listeners with
 * {@link RecoveryEngine.Builder#listener}.
 *
 * <p>Contract: a listener is called synchronously, after the store committed the change, on the thread that made
 * it (a scheduler worker for steps, the caller's thread for store events and management calls), listeners in
 * registration order. Whatever a listener throws is logged and dropped: it never changes the outcome of a step,
 * and the other listeners are still called. A listener delays its thread by what it costs itself, so hand heavy
 * work (network calls) to an executor of your own. Events come once per commit; a change that another writer
 * won is not reported.
 */
public interface RecoveryListener {

    /**
     * An event the store committed. What it means, by {@link RecoveryEvent#type()}: {@code SEQUENCE_STARTED};
     * {@code SEQUENCE_STOPPED} with the {@link StopReason} in {@code detail}; {@code SEQUENCE_COMPLETED};
     * {@code STEP_SENT}; {@code STEP_SKIPPED} and {@code STEP_FAILED} with the reason in {@code detail};
     * {@code STEP_RETRY_SCHEDULED}; {@code MESSAGE_FALLBACK} with the generator's failure in {@code detail};
     * {@code CART_RECOVERED}; engagement ({@code POPUP_SHOWN}, {@code MESSAGE_OPENED}, {@code MESSAGE_CLICKED})
     * and {@code CUSTOMER_OPTED_OUT}.
     */
    default void onEvent(Notice notice) {
        // nothing by default
    }

    /** How long a step's message took to write and to send, once its sender answered. */
    default void onStepTimed(StepTimes times) {
        // nothing by default
    }

    /**
     * One committed event.
     *
     * @param event    the event as stored
     * @param sequence the sequence as the same write left it, or {@code null} for an event that changed no
     *                 sequence (engagement, an opt-out, a purchase after a sequence ended)
     * @param channel  the channel of the event's step, or {@code null} when it concerns no step
     */
    record Notice(RecoveryEvent event, RecoverySequence sequence, Channel channel) {

        public Notice {
            Checks.notNull(event, "event");
        }
    }

    /**
     * The timing of one attempt at a step that reached its sender.
     *
     * @param storeId    the store
     * @param sequenceId the sequence
     * @param stepId     the step
     * @param channel    the step's channel
     * @param attempt    which attempt at the step, from 1
     * @param result     what the sender answered
     * @param writing    how long the message took to write (generator and templates)
     * @param sending    how long the sender took
     */
    record StepTimes(String storeId, String sequenceId, String stepId, Channel channel, int attempt,
                     SendResult.Status result, Duration writing, Duration sending) {

        public StepTimes {
            Checks.notNull(channel, "channel");
            Checks.notNull(result, "result");
            Checks.notNull(writing, "writing");
            Checks.notNull(sending, "sending");
        }
    }
}

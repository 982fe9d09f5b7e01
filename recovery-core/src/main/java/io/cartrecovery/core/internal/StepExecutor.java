package io.cartrecovery.core.internal;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.MessageRequest;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one due step through the protocol: write, claim (the re-check too), send, complete. Store calls per step: {@link RecoveryStore#stepContext}
 * (sequence, cart, customer, email suppression), the claim right before the send (a compare-and-set from the
 * version the message was written for, so a purchase, opt-out or stop that arrived meanwhile wins) and the
 * completing compare-and-set; the customer's engagement is read once, only when send-time rules move the next
 * step.
 */
final class StepExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);
    /** Skip reason of every step of a sequence in an experiment's holdout: it gets no messages at all. */
    static final String HOLDOUT = "HOLDOUT";

    private final EngineConfig config;
    private final RecoveryStore store;
    private final StepTiming timing;
    private final LinkDecorator links;

    /** MDC keys of every log line written while a step runs. */
    static final String MDC_STORE = "cartrecovery.storeId";
    static final String MDC_SEQUENCE = "cartrecovery.sequenceId";

    private final Listeners listeners;

    StepExecutor(EngineConfig config, StepTiming timing, Listeners listeners) {
        this.config = config;
        this.store = config.store();
        this.timing = timing;
        this.links = new LinkDecorator(config.links());
        this.listeners = listeners;
    }

    /**
     * Runs the due step of the sequence, if it is still due. Whatever fails before the claim ({@code Error}s
     * included: a generator or template that runs out of memory) counts as an attempt: the step runs again after
     * the retry policy's backoff, and is recorded as failed once the attempts are used up, so that no input can
     * hold a sequence at one step for ever.
     */
    void run(String storeId, String sequenceId) {
        try (MDC.MDCCloseable store = MDC.putCloseable(MDC_STORE, storeId);
             MDC.MDCCloseable sequence = MDC.putCloseable(MDC_SEQUENCE, sequenceId)) {
            runLogged(storeId, sequenceId);
        }
    }

    private void runLogged(String storeId, String sequenceId) {
        StepContext context = store.stepContext(storeId, sequenceId).orElse(null);
        if (context == null || !context.sequence().isActive()) {
            return;
        }
        RecoverySequence sequence = context.sequence();
        Instant now = config.clock().instant();
        if (sequence.dueAt().isAfter(now)) {
            return;
        }
        try {
            runDue(sequence, context, now);
        } catch (Throwable failure) { // NOPMD: see the javadoc; the failure is recorded, not swallowed
            runFailed(sequence, failure, now);
        }
    }

    private void runDue(RecoverySequence sequence, StepContext context, Instant now) {
        StoreSettings settings = store.settings(sequence.storeId()).orElseThrow(
                () -> new IllegalStateException("store " + sequence.storeId() + " has no settings"));
        if (!now.isBefore(sequence.abandonedAt().plus(settings.expireAfter()))) {
            RecoverySequence expired = sequence.stop(StopReason.EXPIRED, now);
            store.compareAndSet(sequence, expired, List.of(RecoveryEvent.sequenceStopped(expired, now)));
            return;
        }
        execute(sequence, context, settings, now);
    }

    /** A run that failed before its claim: retried after a backoff like a transient failure, then failed. */
    private void runFailed(RecoverySequence sequence, Throwable failure, Instant now) {
        StepDefinition step = sequence.currentStep();
        String detail = "RUN_FAILED: " + failure.getClass().getSimpleName();
        int attempt = sequence.attempt() + 1;
        LOG.error("step {} of sequence {} failed before its send (attempt {})", step.id(), sequence.id(), attempt,
                Redaction.forLog(failure));
        if (attempt >= config.retryPolicy().maxAttempts()) {
            StepDefinition following = sequence.followingStep();
            Instant nextDue = following == null ? null : later(sequence.plannedAt(following), now);
            complete(sequence, new StepOutcome(step.id(), StepStatus.FAILED, detail, attempt, now), List.of(),
                    nextDue, now);
            return;
        }
        RecoverySequence retrying = sequence.runFailed(now.plus(backoff(attempt)));
        if (store.compareAndSet(sequence, retrying, List.of(RecoveryEvent.retryScheduled(sequence,
                step.id(), detail, now)))) {
            config.scheduler().wakeUp(retrying.dueAt());
        }
    }

    private void execute(RecoverySequence sequence, StepContext context, StoreSettings settings, Instant now) {
        StepDefinition step = sequence.currentStep();
        Cart cart = context.cart();
        Customer customer = context.customer();
        // Computed once per run: with send-time rules it reads the customer's engagement.
        Instant nextDue = sequence.followingStep() == null ? null : nextDueAt(sequence, customer, settings);
        String skipReason = skipReason(sequence, step, context, settings, nextDue, now);
        if (skipReason != null) {
            complete(sequence, new StepOutcome(step.id(), StepStatus.SKIPPED, skipReason, sequence.attempt(), now),
                    List.of(), nextDue, now);
            return;
        }
        Instant quietEnd = quietUntil(step, now, customer, settings);
        if (quietEnd != null) {
            deferOrGiveWay(sequence, step, quietEnd, nextDue, now);
            return;
        }
        List<RecoveryEvent> extraEvents = new ArrayList<>(1);
        Locale locale = customer.locale() != null ? customer.locale() : settings.locale();
        Cart linkedCart = links.trackedCart(cart, sequence, step);
        MessageRequest request = new MessageRequest(settings, linkedCart, customer, sequence.type(), step, locale,
                sequence.variant());
        URI unsubscribe = links.unsubscribeUrl(sequence, step);
        long writeStarted = System.nanoTime(); // elapsed time for the listeners, not a clock reading
        Message message = links.decorate(write(request, sequence, extraEvents, now), sequence, step, unsubscribe);
        long written = System.nanoTime();

        // The claim comes after the (possibly slow) write, from the version the message was written for: it is
        // the re-check too, so a purchase, opt-out or stop that arrived meanwhile makes it fail and nothing is sent.
        Instant claimAt = config.clock().instant();
        Instant quietAtClaim = quietUntil(step, claimAt, customer, settings);
        if (quietAtClaim != null) { // the write ran into the quiet hours
            deferOrGiveWay(sequence, step, quietAtClaim, nextDue, claimAt);
            return;
        }
        RecoverySequence claimed = sequence.claim(claimAt, config.lease());
        if (!store.claim(sequence, claimed)) {
            LOG.debug("sequence {} changed before step {} was sent; nothing sent", sequence.id(), step.id());
            return;
        }
        Delivery delivery = new Delivery(claimed.idempotencyKey(step), settings, claimed.id(), step, linkedCart,
                customer, message, unsubscribe, nextDue, attemptOf(claimed, step));
        long sendStarted = System.nanoTime();
        SendResult result = send(config.senders().get(step.channel()), delivery);
        if (!listeners.isEmpty()) {
            listeners.timed(new RecoveryListener.StepTimes(claimed.storeId(), claimed.id(), step.id(),
                    step.channel(), claimed.attempt(), result.status(), Duration.ofNanos(written - writeStarted),
                    Duration.ofNanos(System.nanoTime() - sendStarted)));
        }
        switch (result.status()) {
            case DELIVERED -> complete(claimed,
                    new StepOutcome(step.id(), StepStatus.SENT, null, claimed.attempt(), now), extraEvents, nextDue,
                    now);
            case TRANSIENT_FAILURE -> retryOrFail(claimed, step, result, extraEvents, customer, settings, nextDue,
                    now);
            case PERMANENT_FAILURE -> unreachable(claimed, step, result, extraEvents, customer, nextDue, now);
        }
    }

    private String skipReason(RecoverySequence sequence, StepDefinition step, StepContext context,
                              StoreSettings settings, Instant nextDue, Instant now) {
        Cart cart = context.cart();
        Customer customer = context.customer();
        if (Experiment.isHoldout(sequence.variant())) {
            return HOLDOUT;
        }
        if (cart == null || customer == null) {
            return "CART_OR_CUSTOMER_MISSING";
        }
        if (sequence.unreachable().contains(step.channel())) {
            return "CHANNEL_UNREACHABLE";
        }
        if (!config.senders().containsKey(step.channel())) {
            return "NO_SENDER";
        }
        if (nextDue != null && !now.isBefore(nextDue)) {
            return "OVERTAKEN"; // ran so late that the next step is due too: never two messages back to back
        }
        if (step.channel() == Channel.EMAIL) {
            if (!customer.hasEmail()) {
                return "NO_EMAIL";
            }
            if (settings.requireMarketingConsent() && !customer.marketingConsent()) {
                return "NO_CONSENT";
            }
            if (context.emailSuppressed()) {
                return "SUPPRESSED";
            }
        } else if (step.channel() == Channel.POPUP && cart.storefrontToken() == null) {
            return "NO_STOREFRONT_TOKEN";
        }
        return null;
    }

    private Message write(MessageRequest request, RecoverySequence sequence, List<RecoveryEvent> events, Instant now) {
        MessageGenerator generator = config.messageGenerator();
        if (generator != MessageGenerator.templates()) {
            try {
                return generator.generate(request);
            } catch (RuntimeException e) {
                LOG.warn("message generator failed for {}:{} ({}); using templates", sequence.id(),
                        request.step().id(), Redaction.describe(e));
                events.add(RecoveryEvent.messageFallback(sequence, request.step().id(), e.getClass().getSimpleName(),
                        now));
            }
        }
        return MessageGenerator.templates().generate(request);
    }

    /**
     * The claim's attempt number, and whether an earlier claim of the step ended without a recorded outcome
     * (every recorded transient failure or failed run leaves a {@code STEP_RETRY_SCHEDULED} event): read only
     * for a repeated attempt.
     */
    private Delivery.Attempt attemptOf(RecoverySequence claimed, StepDefinition step) {
        if (claimed.attempt() <= 1) {
            return Delivery.Attempt.FIRST;
        }
        long recorded = store.eventsOfSequence(claimed.storeId(), claimed.id()).stream()
                .filter(e -> e.type() == EventType.STEP_RETRY_SCHEDULED && step.id().equals(e.stepId()))
                .count();
        return new Delivery.Attempt(claimed.attempt(), recorded < claimed.attempt() - 1);
    }

    /**
     * When {@code at} falls in the customer's quiet hours, their end; otherwise {@code null}. Quiet hours hold for
     * every send but popups: a popup is shown only while the shopper is on the site, which is never unwelcome.
     */
    private static Instant quietUntil(StepDefinition step, Instant at, Customer customer, StoreSettings settings) {
        if (step.channel() == Channel.POPUP) {
            return null;
        }
        Instant end = StepTiming.outOfQuietHours(at, settings.quietHours(), StepTiming.zone(customer, settings));
        return end.equals(at) ? null : end;
    }

    /** The step waits for the end of the quiet hours, or is skipped when the next step is due by then. */
    private void deferOrGiveWay(RecoverySequence sequence, StepDefinition step, Instant quietEnd, Instant nextDue,
                                Instant now) {
        if (nextDue != null && !quietEnd.isBefore(nextDue)) {
            complete(sequence, new StepOutcome(step.id(), StepStatus.SKIPPED, "QUIET_HOURS", sequence.attempt(), now),
                    List.of(), nextDue, now);
            return;
        }
        RecoverySequence deferred = sequence.retryAt(quietEnd);
        if (store.compareAndSet(sequence, deferred, List.of())) {
            config.scheduler().wakeUp(quietEnd);
        }
    }

    private static SendResult send(Sender sender, Delivery delivery) {
        try {
            SendResult result = sender.send(delivery);
            return result != null ? result : SendResult.transientFailure("sender returned null");
        } catch (RuntimeException | Error e) { // an Error of the sender is a failed attempt, not a dead worker
            LOG.warn("sender failed for {}: {}", delivery.idempotencyKey(), Redaction.describe(e));
            return SendResult.transientFailure(e.getClass().getSimpleName());
        }
    }

    private void retryOrFail(RecoverySequence claimed, StepDefinition step, SendResult result,
                             List<RecoveryEvent> events, Customer customer, StoreSettings settings, Instant nextDue,
                             Instant now) {
        if (claimed.attempt() >= config.retryPolicy().maxAttempts()) {
            fail(claimed, step, "RETRIES_EXHAUSTED", result, events, nextDue, now);
            return;
        }
        Instant retryAt = now.plus(backoff(claimed.attempt()));
        Instant quietEnd = quietUntil(step, retryAt, customer, settings);
        if (quietEnd != null) {
            retryAt = quietEnd; // a retry never lands in the quiet hours either
        }
        if (nextDue != null && !retryAt.isBefore(nextDue)) {
            fail(claimed, step, "GAVE_WAY_TO_NEXT_STEP", result, events, nextDue, now);
            return;
        }
        List<RecoveryEvent> all = new ArrayList<>(events);
        all.add(RecoveryEvent.retryScheduled(claimed, step.id(), result.detail(), now));
        RecoverySequence retrying = claimed.retryAt(retryAt);
        if (store.compareAndSet(claimed, retrying, all)) {
            config.scheduler().wakeUp(retryAt);
        }
    }

    private Duration backoff(int failures) {
        synchronized (config.random()) {
            return config.retryPolicy().backoff(failures, config.random());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void fail(RecoverySequence claimed, StepDefinition step, String reason, SendResult result,
                      List<RecoveryEvent> events, Instant nextDue, Instant now) {
        String detail = result.detail() == null ? reason : reason + ": " + result.detail();
        complete(claimed, new StepOutcome(step.id(), StepStatus.FAILED, detail, claimed.attempt(), now), events,
                nextDue, now);
    }

    private void unreachable(RecoverySequence claimed, StepDefinition step, SendResult result,
                             List<RecoveryEvent> events, Customer customer, Instant nextDue, Instant now) {
        if (step.channel() == Channel.EMAIL && customer.hasEmail()) {
            store.suppress(claimed.storeId(), SuppressionKey.email(customer.email()), "PERMANENT_FAILURE", now);
        }
        RecoverySequence marked = claimed.withUnreachable(step.channel());
        if (!store.compareAndSet(claimed, marked, List.of())) {
            return;
        }
        fail(marked, step, "PERMANENT_FAILURE", result, events, nextDue, now);
    }

    /**
     * Records the step's outcome and moves the sequence to its next step (due at {@code nextDue}, {@code null}
     * after the last), completing or stopping it.
     */
    private void complete(RecoverySequence claimed, StepOutcome outcome, List<RecoveryEvent> extraEvents,
                          Instant nextDue, Instant now) {
        List<RecoveryEvent> events = new ArrayList<>(extraEvents);
        RecoveryEvent stepEvent = RecoveryEvent.stepOutcome(claimed, outcome, now);
        events.add(stepEvent);
        RecoverySequence next;
        if (!claimed.hasReachableStepFrom(claimed.nextStep() + 1) && claimed.followingStep() != null) {
            next = claimed.advance(outcome, now, now).stop(StopReason.UNREACHABLE, now);
            events.add(RecoveryEvent.sequenceStopped(next, now));
        } else {
            next = claimed.advance(outcome, nextDue, now);
            if (!next.isActive()) {
                events.add(RecoveryEvent.sequenceCompleted(next, now));
            }
        }
        if (store.compareAndSet(claimed, next, events)) {
            if (next.isActive()) {
                config.scheduler().wakeUp(next.dueAt());
            }
            return;
        }
        if (outcome.status() == StepStatus.SENT) {
            recordLateSend(claimed, outcome, stepEvent);
        }
    }

    /** A send finished after the sequence was stopped (or its lease taken over): keep the history truthful. */
    private void recordLateSend(RecoverySequence claimed, StepOutcome outcome, RecoveryEvent sentEvent) {
        for (int tries = 0; tries < 100; tries++) {
            RecoverySequence current = store.sequence(claimed.storeId(), claimed.id()).orElse(null);
            if (current == null) {
                return; // erased (or purged) meanwhile: its history went with it, and so does this send's
            }
            if (current.isActive()) {
                store.append(List.of(sentEvent));
                return;
            }
            if (store.compareAndSet(current, current.withLateOutcome(outcome), List.of(sentEvent))) {
                return;
            }
        }
        LOG.error("could not record the late send of {}:{}", claimed.id(), outcome.stepId());
    }

    /** Due time of the step after the current one, with send-time rules; never before the current step's. */
    private Instant nextDueAt(RecoverySequence sequence, Customer customer, StoreSettings settings) {
        return timing.dueAt(sequence.abandonedAt(), sequence.plan(), sequence.nextStep() + 1, customer, settings);
    }

}

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
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.core.experiment.Experiment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one due step through the protocol of DESIGN.md section 4, with the claim moved after the write, where it
 * is the re-check too: write, claim, send, complete. Store calls per step: {@link RecoveryStore#stepContext}
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

    StepExecutor(EngineConfig config, StepTiming timing) {
        this.config = config;
        this.store = config.store();
        this.timing = timing;
        this.links = new LinkDecorator(config.links());
    }

    void run(String storeId, String sequenceId) {
        StepContext context = store.stepContext(storeId, sequenceId).orElse(null);
        if (context == null || !context.sequence().isActive()) {
            return;
        }
        RecoverySequence sequence = context.sequence();
        Instant now = config.clock().instant();
        TimerKey key = TimerKey.sequence(storeId, sequenceId);
        if (sequence.dueAt().isAfter(now)) {
            config.scheduler().schedule(key, sequence.dueAt());
            return;
        }
        StoreSettings settings = store.settings(storeId).orElse(null);
        if (settings == null) {
            LOG.warn("sequence {} belongs to store {} which has no settings; left as is", sequenceId, storeId);
            return;
        }
        if (!now.isBefore(sequence.abandonedAt().plus(settings.expireAfter()))) {
            RecoverySequence expired = sequence.stop(StopReason.EXPIRED, now);
            if (store.compareAndSet(sequence, expired, List.of(stopEvent(expired, now)))) {
                config.scheduler().cancel(key);
            }
            return;
        }
        execute(sequence, context, settings, now);
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
        List<RecoveryEvent> extraEvents = new ArrayList<>(1);
        Locale locale = customer.locale() != null ? customer.locale() : settings.locale();
        Cart linkedCart = links.trackedCart(cart, sequence, step);
        MessageRequest request = new MessageRequest(settings, linkedCart, customer, sequence.type(), step, locale,
                sequence.variant());
        URI unsubscribe = links.unsubscribeUrl(sequence, step);
        Message message = links.decorate(write(request, sequence, extraEvents, now), sequence, step, unsubscribe);

        // The claim comes after the (possibly slow) write, from the version the message was written for: it is
        // the re-check too, so a purchase, opt-out or stop that arrived meanwhile makes it fail and nothing is sent.
        RecoverySequence claimed = sequence.claim(config.clock().instant(), config.lease());
        if (!store.compareAndSet(sequence, claimed, List.of())) {
            LOG.debug("sequence {} changed before step {} was sent; nothing sent", sequence.id(), step.id());
            return;
        }
        config.scheduler().schedule(TimerKey.sequence(claimed.storeId(), claimed.id()), claimed.dueAt());
        Delivery delivery = new Delivery(claimed.idempotencyKey(step), settings, claimed.id(), step, linkedCart,
                customer, message, unsubscribe, nextDue);
        SendResult result = send(config.senders().get(step.channel()), delivery);
        switch (result.status()) {
            case DELIVERED -> complete(claimed,
                    new StepOutcome(step.id(), StepStatus.SENT, null, claimed.attempt(), now), extraEvents, nextDue,
                    now);
            case TRANSIENT_FAILURE -> retryOrFail(claimed, step, result, extraEvents, nextDue, now);
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
                        request.step().id(), e.toString());
                events.add(RecoveryEvent.of(sequence, EventType.MESSAGE_FALLBACK, request.step().id(), null,
                        e.getClass().getSimpleName(), now));
            }
        }
        return MessageGenerator.templates().generate(request);
    }

    private static SendResult send(Sender sender, Delivery delivery) {
        try {
            SendResult result = sender.send(delivery);
            return result != null ? result : SendResult.transientFailure("sender returned null");
        } catch (RuntimeException e) {
            LOG.warn("sender failed for {}: {}", delivery.idempotencyKey(), e.toString());
            return SendResult.transientFailure(e.getClass().getSimpleName());
        }
    }

    private void retryOrFail(RecoverySequence claimed, StepDefinition step, SendResult result,
                             List<RecoveryEvent> events, Instant nextDue, Instant now) {
        if (claimed.attempt() >= config.retryPolicy().maxAttempts()) {
            fail(claimed, step, "RETRIES_EXHAUSTED", result, events, nextDue, now);
            return;
        }
        Duration backoff;
        synchronized (config.random()) {
            backoff = config.retryPolicy().backoff(claimed.attempt(), config.random());
        }
        Instant retryAt = now.plus(backoff);
        if (nextDue != null && !retryAt.isBefore(nextDue)) {
            fail(claimed, step, "GAVE_WAY_TO_NEXT_STEP", result, events, nextDue, now);
            return;
        }
        List<RecoveryEvent> all = new ArrayList<>(events);
        all.add(RecoveryEvent.of(claimed, EventType.STEP_RETRY_SCHEDULED, step.id(), null, result.detail(), now));
        RecoverySequence retrying = claimed.retryAt(retryAt);
        if (store.compareAndSet(claimed, retrying, all)) {
            config.scheduler().schedule(TimerKey.sequence(claimed.storeId(), claimed.id()), retryAt);
        }
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
        RecoveryEvent stepEvent = RecoveryEvent.of(claimed, stepEventType(outcome.status()), outcome.stepId(), null,
                outcome.reason(), now);
        events.add(stepEvent);
        TimerKey key = TimerKey.sequence(claimed.storeId(), claimed.id());
        RecoverySequence next;
        if (!claimed.hasReachableStepFrom(claimed.nextStep() + 1) && claimed.followingStep() != null) {
            next = claimed.advance(outcome, now, now).stop(StopReason.UNREACHABLE, now);
            events.add(stopEvent(next, now));
        } else {
            next = claimed.advance(outcome, nextDue, now);
            if (!next.isActive()) {
                events.add(RecoveryEvent.of(next, EventType.SEQUENCE_COMPLETED, null, null, null, now));
            }
        }
        if (store.compareAndSet(claimed, next, events)) {
            if (next.isActive()) {
                config.scheduler().schedule(key, next.dueAt());
            } else {
                config.scheduler().cancel(key);
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
            RecoverySequence current = store.sequence(claimed.storeId(), claimed.id()).orElseThrow();
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

    static RecoveryEvent stopEvent(RecoverySequence stopped, Instant now) {
        return RecoveryEvent.of(stopped, EventType.SEQUENCE_STOPPED, null, null, stopped.stopReason().name(), now);
    }

    private static EventType stepEventType(StepStatus status) {
        return switch (status) {
            case SENT -> EventType.STEP_SENT;
            case SKIPPED -> EventType.STEP_SKIPPED;
            case FAILED -> EventType.STEP_FAILED;
        };
    }
}

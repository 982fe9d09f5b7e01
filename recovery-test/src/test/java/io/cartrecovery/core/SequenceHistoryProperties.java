package io.cartrecovery.core;

import io.cartrecovery.test.Fixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories of store events, send failures, crashed workers and passing time; the invariants of
 * DESIGN.md section 4 must hold after every one of them.
 */
class SequenceHistoryProperties {
    private static final String STORE = "store-p";

    sealed interface Action permits Abandon, Touch, Buy, OptOut, ManualStop, FailTransiently, FailPermanently,
            CrashedClaim, BuyWhileWriting, Advance {}

    record Abandon(int customer, int cart) implements Action {}

    record Touch(int cart) implements Action {}

    record Buy(int cart) implements Action {}

    record OptOut(int customer) implements Action {}

    record ManualStop(int pick) implements Action {}

    record FailTransiently(int count) implements Action {}

    record FailPermanently() implements Action {}

    record CrashedClaim(int pick) implements Action {}

    /** The next message being written is interrupted by a purchase of its cart. */
    record BuyWhileWriting() implements Action {}

    record Advance(int minutes) implements Action {}

    /** A send as the sender saw it, with whether the store held the sequence active at that moment. */
    record Send(String sequenceId, String stepId, Instant at, boolean delivered, boolean activeWhenSent) {}

    @Provide
    Arbitrary<List<Action>> histories() {
        Arbitrary<Integer> customer = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> cart = Arbitraries.integers().between(0, 5);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(customer, cart).as(Abandon::new)),
                net.jqwik.api.Tuple.of(2, cart.map(Touch::new)),
                net.jqwik.api.Tuple.of(2, cart.map(Buy::new)),
                net.jqwik.api.Tuple.of(1, customer.map(OptOut::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 100).map(ManualStop::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 6).map(FailTransiently::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new FailPermanently())),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 100).map(CrashedClaim::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new BuyWhileWriting())),
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1, 3_000).map(Advance::new)));
        return action.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 1000)
    void invariantsHoldOverRandomHistories(@ForAll("histories") List<Action> history) {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        RecoveryStore store = RecoveryStore.inMemory();
        List<Send> sends = new ArrayList<>();
        List<SendResult> scripted = new ArrayList<>();
        Sender sender = delivery -> {
            SendResult result = scripted.isEmpty() ? SendResult.delivered() : scripted.remove(0);
            boolean active = store.sequence(delivery.storeId(), delivery.sequenceId()).orElseThrow().isActive();
            sends.add(new Send(delivery.sequenceId(), delivery.step().id(), clock.instant(),
                    result.status() == SendResult.Status.DELIVERED, active));
            return result;
        };
        java.util.concurrent.atomic.AtomicBoolean buyWhileWriting = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<RecoveryEngine> engineRef = new java.util.concurrent.atomic.AtomicReference<>();
        MessageGenerator interrupting = request -> {
            if (buyWhileWriting.getAndSet(false)) {
                engineRef.get().orderPlaced(new Order(STORE, "o-writing", request.cart().cartId(),
                        request.customer().customerId(), BigDecimal.ONE, clock.instant()));
            }
            return MessageGenerator.templates().generate(request);
        };
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMinutes(5), 2.0, Duration.ofHours(2), 0.5);
        Duration lease = Duration.ofMinutes(10);
        RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(history.size())).retryPolicy(retry).lease(lease)
                .sender(Channel.EMAIL, sender).sender(Channel.POPUP, sender).messageGenerator(interrupting)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
        engineRef.set(engine);
        Map<Integer, Integer> cartOwner = new HashMap<>();

        for (Action action : history) {
            if (action instanceof Abandon a) {
                Integer owner = cartOwner.putIfAbsent(a.cart(), a.customer());
                int customer = owner == null ? a.customer() : owner;
                engine.cartUpdated(Fixtures.cart(STORE, "c" + a.cart(), "u" + customer, clock.instant()),
                        Fixtures.customer(STORE, "u" + customer));
                engine.cartAbandoned(STORE, "c" + a.cart(), clock.instant());
            } else if (action instanceof Touch t && cartOwner.containsKey(t.cart())) {
                int owner = cartOwner.get(t.cart());
                engine.cartUpdated(Fixtures.cart(STORE, "c" + t.cart(), "u" + owner, clock.instant()),
                        Fixtures.customer(STORE, "u" + owner));
            } else if (action instanceof Buy b && cartOwner.containsKey(b.cart())) {
                engine.orderPlaced(new Order(STORE, "o" + sends.size(), "c" + b.cart(), "u" + cartOwner.get(b.cart()),
                        BigDecimal.TEN, clock.instant()));
            } else if (action instanceof OptOut o) {
                engine.customerOptedOut(STORE, "u" + o.customer());
            } else if (action instanceof ManualStop m) {
                pick(engine, m.pick()).ifPresent(s -> engine.stop(STORE, s.id(), StopReason.MANUAL));
            } else if (action instanceof FailTransiently f) {
                for (int i = 0; i < f.count(); i++) {
                    scripted.add(SendResult.transientFailure("flaky"));
                }
            } else if (action instanceof FailPermanently) {
                scripted.add(SendResult.permanentFailure("bounced"));
            } else if (action instanceof CrashedClaim c) {
                pick(engine, c.pick()).filter(s -> !s.dueAt().isAfter(clock.instant())).ifPresent(s -> {
                    // A worker claims the step and dies before writing or sending anything.
                    RecoverySequence claimed = s.claim(clock.instant(), lease);
                    store.compareAndSet(s, claimed, List.of());
                });
            } else if (action instanceof BuyWhileWriting) {
                buyWhileWriting.set(true);
            } else if (action instanceof Advance a) {
                scheduler.advance(Duration.ofMinutes(a.minutes()));
            }
            assertAtMostOneActivePerCustomer(engine);
        }
        scheduler.advance(Duration.ofDays(10));

        List<RecoverySequence> all = allSequences(store, cartOwner.keySet());
        assertThat(all).allSatisfy(s -> assertThat(s.isActive()).as("terminal after the retry window").isFalse());
        assertThat(sends).allSatisfy(s -> assertThat(s.activeWhenSent()).as("sent while active").isTrue());
        Map<String, Long> deliveredPerStep = sends.stream().filter(Send::delivered)
                .collect(Collectors.groupingBy(s -> s.sequenceId() + ":" + s.stepId(), Collectors.counting()));
        assertThat(deliveredPerStep.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
        for (RecoverySequence sequence : all) {
            assertStepsInOrderAndNeverEarly(sequence, sends);
            assertEventLogAgrees(store, sequence, deliveredPerStep);
        }
    }

    private static java.util.Optional<RecoverySequence> pick(RecoveryEngine engine, int pick) {
        List<RecoverySequence> active = engine.activeSequences(STORE, PageRequest.first(100)).items();
        return active.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(active.get(pick % active.size()));
    }

    private static List<RecoverySequence> allSequences(RecoveryStore store, java.util.Set<Integer> carts) {
        List<RecoverySequence> all = new ArrayList<>();
        carts.forEach(cart -> all.addAll(store.sequencesOfCart(STORE, "c" + cart)));
        return all;
    }

    private static void assertAtMostOneActivePerCustomer(RecoveryEngine engine) {
        Map<String, Long> perCustomer = engine.activeSequences(STORE, PageRequest.first(100)).items().stream()
                .collect(Collectors.groupingBy(RecoverySequence::customerId, Collectors.counting()));
        assertThat(perCustomer.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
    }

    private static void assertStepsInOrderAndNeverEarly(RecoverySequence sequence, List<Send> sends) {
        int lastIndex = -1;
        for (Send send : sends) {
            if (!send.sequenceId().equals(sequence.id())) {
                continue;
            }
            int index = indexOf(sequence, send.stepId());
            assertThat(index).as("steps in order").isGreaterThanOrEqualTo(lastIndex);
            assertThat(send.at()).as("never before abandonment + offset")
                    .isAfterOrEqualTo(sequence.plannedAt(sequence.plan().get(index)));
            lastIndex = index;
        }
    }

    private static int indexOf(RecoverySequence sequence, String stepId) {
        for (int i = 0; i < sequence.plan().size(); i++) {
            if (sequence.plan().get(i).id().equals(stepId)) {
                return i;
            }
        }
        throw new AssertionError("unknown step " + stepId);
    }

    private static void assertEventLogAgrees(RecoveryStore store, RecoverySequence sequence,
                                             Map<String, Long> deliveredPerStep) {
        List<RecoveryEvent> events = store.eventsOfSequence(STORE, sequence.id());
        long sentEvents = events.stream().filter(e -> e.type() == EventType.STEP_SENT).count();
        long sentOutcomes = sequence.outcomes().stream().filter(o -> o.status() == StepStatus.SENT).count();
        long delivered = deliveredPerStep.keySet().stream().filter(k -> k.startsWith(sequence.id() + ":")).count();
        assertThat(sentEvents).isEqualTo(sentOutcomes).isEqualTo(delivered);
        assertThat(events.stream().filter(e -> e.type() == EventType.SEQUENCE_STARTED).count()).isEqualTo(1);
        List<RecoveryEvent> endings = events.stream().filter(e -> e.type() == EventType.SEQUENCE_STOPPED
                || e.type() == EventType.SEQUENCE_COMPLETED).toList();
        assertThat(endings).hasSize(1);
        if (sequence.status() == SequenceStatus.STOPPED) {
            assertThat(endings.get(0).detail()).isEqualTo(sequence.stopReason().name());
        } else {
            assertThat(endings.get(0).type()).isEqualTo(EventType.SEQUENCE_COMPLETED);
        }
    }
}

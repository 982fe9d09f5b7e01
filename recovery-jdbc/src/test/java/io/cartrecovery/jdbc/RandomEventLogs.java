package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.cartrecovery.test.Fixtures.T0;

/**
 * Random event logs for comparing the SQL analytics with the calculator, from a seed: a few sequences of store
 * {@link #STORE} and of another store, on a half-hour grid around the period {@link #FROM} to {@link #TO} so that
 * times fall on the period's bounds and on the attribution window's end, with duplicate starts, sends, opens and
 * clicks, engagement without a send or before the start, holdout and experiment arms, purchases before any send,
 * inside and outside the window, purchases reported after later sends, shown and unshown popups of one or two popup
 * steps (or none), failed and skipped steps, amounts of several scales or none, events without a sequence or a
 * step, and the log appended out of time order.
 */
final class RandomEventLogs {
    static final String STORE = "shop";
    static final Instant FROM = T0;
    static final Instant TO = T0.plus(Duration.ofHours(24));
    /** Both have a control that is not their arm of smallest name; arms of "g" are in no experiment. */
    static final List<Experiment> EXPERIMENTS = List.of(
            new Experiment("e", Set.of(SequenceType.FIRST_TIME, SequenceType.RETURNING), 0.2,
                    List.of(Variant.control("b", 1), Variant.of("a", 1, StepDefinition.of(SequencePolicy.EMAIL_2H,
                            Duration.ofHours(2), Channel.POPUP, Tone.HELPFUL_REMINDER)))),
            new Experiment("f", Set.of(SequenceType.HIGH_VALUE), 0.2,
                    List.of(Variant.control("y", 1), Variant.control("x", 1))));

    private static final Duration GRID = Duration.ofMinutes(30);
    private static final String[] ARMS = {null, null, "e/a", "e/b", "e/holdout", "f/x", "f/y", "f/holdout",
        "g/z", "g/holdout", "holdout", "e/holdout/x"};
    private static final String[] TYPES = {"FIRST_TIME", "RETURNING", "HIGH_VALUE", "LOW_STOCK", null, "BOGUS"};
    private static final String[] STEPS = {"POPUP_1H", "EMAIL_2H", "EMAIL_24H", "EMAIL_48H", "odd \"step\\ ü"};
    private static final Duration[] WINDOWS = {Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(10),
        Duration.ofDays(3), Duration.ofHours(1).plusNanos(1_000), Duration.ofDays(365L * 300_000)};

    private final Random random;

    RandomEventLogs(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Settings with a random attribution window and, mostly, the experiments (whose variant "e/a" makes
     * {@code EMAIL_2H} a popup step too); sometimes plans without any popup step.
     */
    StoreSettings settings() {
        StoreSettings.Builder builder = StoreSettings.builder(STORE)
                .attributionWindow(WINDOWS[random.nextInt(WINDOWS.length)]);
        switch (random.nextInt(5)) {
            case 0 -> { }
            case 1 -> {
                for (SequenceType type : SequenceType.values()) {
                    builder.policy(new SequencePolicy(type, SequencePolicy.defaults(type).steps().stream()
                            .filter(step -> step.channel() != Channel.POPUP).toList()));
                }
            }
            default -> EXPERIMENTS.forEach(builder::experiment);
        }
        return builder.build();
    }

    /** A log of up to {@code maxSequences} sequences, in the order to append it. */
    List<RecoveryEvent> log(int maxSequences) {
        List<RecoveryEvent> events = new ArrayList<>();
        int sequences = random.nextInt(maxSequences + 1);
        for (int i = 0; i < sequences; i++) {
            sequence(events, random.nextInt(8) == 0 ? "other" : STORE, "q" + i);
        }
        if (random.nextBoolean()) {
            events.add(new RecoveryEvent(STORE, EventType.CART_ABANDONED, null, "c", "u", null, null, null, null,
                    time()));
            events.add(new RecoveryEvent(STORE, EventType.CART_RECOVERED, null, "c", "u", null, null, BigDecimal.ONE,
                    null, time()));
        }
        shuffleSome(events);
        return events;
    }

    private void sequence(List<RecoveryEvent> events, String store, String id) {
        String arm = ARMS[random.nextInt(ARMS.length)];
        Instant start = time();
        if (random.nextInt(10) > 0) {
            events.add(event(store, EventType.SEQUENCE_STARTED, id, null, arm, money(),
                    TYPES[random.nextInt(TYPES.length)], start));
        }
        if (random.nextInt(10) == 0) { // a second start, maybe in another arm
            events.add(event(store, EventType.SEQUENCE_STARTED, id, null, ARMS[random.nextInt(ARMS.length)], null,
                    TYPES[random.nextInt(TYPES.length)], time()));
        }
        int steps = random.nextInt(9);
        Instant at = start.minus(GRID);
        for (int k = 0; k < steps; k++) {
            at = at.plus(GRID.multipliedBy(random.nextInt(3)));
            String step = random.nextInt(12) == 0 ? null : STEPS[random.nextInt(STEPS.length)];
            EventType type = switch (random.nextInt(9)) {
                case 0, 1, 2 -> EventType.STEP_SENT;
                case 3 -> EventType.MESSAGE_OPENED;
                case 4 -> EventType.POPUP_SHOWN;
                case 5 -> EventType.MESSAGE_CLICKED;
                case 6 -> random.nextBoolean() ? EventType.STEP_SKIPPED : EventType.STEP_FAILED;
                default -> EventType.CART_RECOVERED;
            };
            Instant when = random.nextInt(6) == 0 ? time() : jitter(at);
            if (type == EventType.CART_RECOVERED) {
                events.add(event(store, type, id, null, arm, money(), "order", when));
            } else {
                events.add(event(store, type, id, step, arm, null, null, when));
            }
        }
        if (random.nextInt(4) == 0) { // a purchase reported late: placed before the last events appended
            events.add(event(store, EventType.CART_RECOVERED, id, null, arm, money(), "reported late",
                    jitter(start.plus(GRID.multipliedBy(random.nextInt(steps + 1))))));
        }
        if (random.nextInt(3) == 0) { // a late purchase: maybe inside, at the end of, or outside the window
            events.add(event(store, EventType.CART_RECOVERED, id, null, arm, money(), "late",
                    jitter(at.plus(GRID.multipliedBy(random.nextInt(24))))));
        }
    }

    private static RecoveryEvent event(String store, EventType type, String sequenceId, String stepId, String arm,
                                       BigDecimal value, String detail, Instant at) {
        return new RecoveryEvent(store, type, sequenceId, "c-" + sequenceId, "u-" + sequenceId, stepId, arm, value,
                detail, at);
    }

    /** A time on the grid from two hours before the period to two hours after it. */
    private Instant time() {
        long slots = Duration.between(FROM, TO).dividedBy(GRID) + 8;
        return FROM.minus(GRID.multipliedBy(4)).plus(GRID.multipliedBy(random.nextInt((int) slots)));
    }

    /** Mostly {@code at}; sometimes a microsecond off it. */
    private Instant jitter(Instant at) {
        return switch (random.nextInt(10)) {
            case 0 -> at.plusNanos(1_000);
            case 1 -> at.minusNanos(1_000);
            default -> at;
        };
    }

    private BigDecimal money() {
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> new BigDecimal("1E+1");
            case 2 -> new BigDecimal("0.000");
            case 3 -> BigDecimal.valueOf(random.nextInt(100_000), 2);
            case 4 -> BigDecimal.valueOf(random.nextInt(1_000), 4);
            default -> BigDecimal.valueOf(random.nextInt(500));
        };
    }

    /** Swaps some neighbours, so that the order of appending differs from the order of time. */
    private void shuffleSome(List<RecoveryEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            if (random.nextInt(4) == 0) {
                Collections.swap(events, i, random.nextInt(i));
            }
        }
    }
}

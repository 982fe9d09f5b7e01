package io.cartrecovery.core.analytics;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.experiment.Experiment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The one-pass calculators agree with a naive recount, sequence by sequence, on random event logs with purchases
 * reported late.
 */
class AnalyticsRecountProperties {
    private static final String STORE = "s1";
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant FROM = BASE.plus(Duration.ofDays(1));
    private static final Instant TO = BASE.plus(Duration.ofDays(9));
    private static final Duration WINDOW = Duration.ofDays(2);
    /** The default plans: {@code POPUP_1H} is a popup, delivered when shown. */
    private static final StoreSettings SETTINGS = StoreSettings.builder(STORE).attributionWindow(WINDOW).build();
    private static final List<String> STEPS = List.of("POPUP_1H", "EMAIL_2H", "EMAIL_24H");
    private static final List<EventType> ACTIONS = List.of(EventType.STEP_SENT, EventType.STEP_SENT,
            EventType.MESSAGE_OPENED, EventType.POPUP_SHOWN, EventType.MESSAGE_CLICKED, EventType.STEP_SKIPPED,
            EventType.CART_RECOVERED);

    /** {@code reportedLate}: how much later than it happened a purchase is appended (a late webhook). */
    record Action(EventType type, int step, int afterMinutes, int value, int reportedLate) {}

    record Seq(SequenceType type, String variant, int startHour, boolean otherStore, List<Action> actions) {}

    @Provide
    Arbitrary<List<Seq>> logs() {
        Arbitrary<Integer> late = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 3 * 24 * 60)));
        Arbitrary<Action> action = Combinators.combine(Arbitraries.of(ACTIONS), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 3 * 24 * 60), Arbitraries.integers().between(0, 500), late)
                .as(Action::new);
        Arbitrary<Seq> seq = Combinators.combine(Arbitraries.of(SequenceType.class),
                Arbitraries.of("", "e/control", "e/b", "e/holdout", "f/x"), Arbitraries.integers().between(0, 10 * 24),
                Arbitraries.integers().between(0, 20).map(i -> i == 0), action.list().ofMaxSize(10))
                .as((type, variant, start, other, actions) -> new Seq(type, variant.isEmpty() ? null : variant, start,
                        other, actions));
        return seq.list().ofMaxSize(40);
    }

    @Property(tries = 1000)
    void calculatorsAgreeWithABruteForceRecount(@ForAll("logs") List<Seq> sequences) {
        List<RecoveryEvent> log = build(sequences);

        AnalyticsReport report = AnalyticsCalculator.report(SETTINGS, FROM, TO, log);
        Recount expected = recount(log);

        assertThat(report.recovery()).isEqualTo(expected.recovery);
        assertThat(report.recoveredRevenue()).isEqualByComparingTo(expected.revenue);
        assertThat(report.purchasedBeforeFirstMessage().count()).isEqualTo(expected.beforeFirstMessage);
        assertThat(report.purchasedBeforeFirstMessage().revenue()).isEqualByComparingTo(expected.beforeRevenue);
        assertThat(report.byType()).isEqualTo(expected.byType);
        assertThat(report.byVariant()).isEqualTo(expected.byVariant);
        assertThat(report.steps()).isEqualTo(expected.steps);
        assertThat(report.averageSequenceLength()).isCloseTo(expected.averageLength, within(1e-12));
        assertThat(report.medianTimeToRecovery()).isEqualTo(expected.median);
        assertThat(report.experiments()).isEqualTo(ExperimentResults.of(expected.conversions, List.of()));
    }

    /**
     * The events of all sequences as a store would have appended them: in time order, except that a purchase may
     * be reported (appended) late.
     */
    private static List<RecoveryEvent> build(List<Seq> sequences) {
        List<RecoveryEvent> log = new ArrayList<>();
        Map<RecoveryEvent, Instant> appendedAt = new IdentityHashMap<>();
        for (int i = 0; i < sequences.size(); i++) {
            Seq s = sequences.get(i);
            String id = "q" + i;
            String store = s.otherStore() ? "other" : STORE;
            Instant at = BASE.plus(Duration.ofHours(s.startHour()));
            RecoveryEvent started = new RecoveryEvent(store, EventType.SEQUENCE_STARTED, id, "c" + i, "u" + i, null,
                    s.variant(), null, s.type().name(), at);
            log.add(started);
            appendedAt.put(started, at);
            for (Action a : s.actions()) {
                at = at.plus(Duration.ofMinutes(a.afterMinutes()));
                boolean step = a.type() != EventType.CART_RECOVERED;
                RecoveryEvent event = new RecoveryEvent(store, a.type(), id, "c" + i, "u" + i,
                        step ? STEPS.get(a.step()) : null, s.variant(), step ? null : BigDecimal.valueOf(a.value()),
                        null, at);
                log.add(event);
                appendedAt.put(event, step ? at : at.plus(Duration.ofMinutes(a.reportedLate())));
            }
        }
        log.sort(Comparator.comparing(appendedAt::get)); // stable: a sequence's own order is kept
        return log;
    }

    private static final class Recount {
        Rate recovery;
        BigDecimal revenue = BigDecimal.ZERO;
        long beforeFirstMessage;
        BigDecimal beforeRevenue = BigDecimal.ZERO;
        Map<SequenceType, Rate> byType = new EnumMap<>(SequenceType.class);
        Map<String, Rate> byVariant = new TreeMap<>();
        Map<String, Rate> conversions = new TreeMap<>();
        Map<String, StepStats> steps = new TreeMap<>();
        double averageLength;
        Duration median;
    }

    /** Counts each figure on its own, filtering the whole log again for every sequence. */
    private static Recount recount(List<RecoveryEvent> all) {
        List<RecoveryEvent> log = all.stream().filter(e -> e.storeId().equals(STORE) && !e.at().isBefore(FROM)
                && e.at().isBefore(TO)).toList();
        Set<String> cohort = new LinkedHashSet<>();
        log.stream().filter(e -> e.type() == EventType.SEQUENCE_STARTED).forEach(e -> cohort.add(e.sequenceId()));
        Recount r = new Recount();
        for (SequenceType type : SequenceType.values()) {
            r.byType.put(type, Rate.ZERO);
        }
        long treated = 0;
        long recovered = 0;
        long sentTotal = 0;
        List<Duration> times = new ArrayList<>();
        Map<String, long[]> steps = new HashMap<>();
        for (String id : cohort) {
            List<RecoveryEvent> own = log.stream().filter(e -> id.equals(e.sequenceId())).toList();
            RecoveryEvent started = own.get(0);
            boolean holdout = Experiment.isHoldout(started.variant());
            RecoveryEvent purchase = own.stream().filter(e -> e.type() == EventType.CART_RECOVERED).findFirst()
                    .orElse(null);
            // deliveries: the first send of an email step, the first showing after the first send of the popup
            Map<String, RecoveryEvent> firstSend = new HashMap<>();
            List<RecoveryEvent> deliveries = new ArrayList<>();
            for (RecoveryEvent e : own) {
                if (e.type() == EventType.STEP_SENT && firstSend.putIfAbsent(e.stepId(), e) == null
                        && !e.stepId().equals("POPUP_1H")) {
                    deliveries.add(e);
                } else if (e.type() == EventType.POPUP_SHOWN && e.stepId().equals("POPUP_1H")
                        && firstSend.containsKey("POPUP_1H")
                        && deliveries.stream().noneMatch(d -> d.type() == EventType.POPUP_SHOWN)) {
                    deliveries.add(e);
                }
            }
            RecoveryEvent credited = null;
            Instant lastStep = null;
            if (purchase != null) {
                for (RecoveryEvent d : deliveries) { // in log order: a later one at the same time wins
                    if (!d.at().isAfter(purchase.at()) && (credited == null || !d.at().isBefore(credited.at()))) {
                        credited = d;
                    }
                }
                for (RecoveryEvent e : own) {
                    boolean ran = e.type() == EventType.STEP_SENT || e.type() == EventType.STEP_SKIPPED;
                    if (ran && !e.at().isAfter(purchase.at()) && (lastStep == null || e.at().isAfter(lastStep))) {
                        lastStep = e.at();
                    }
                }
            }
            boolean isRecovered = credited != null && !purchase.at().isAfter(credited.at().plus(WINDOW));
            boolean converted = lastStep != null && !purchase.at().isAfter(lastStep.plus(WINDOW));
            Rate mine = new Rate(isRecovered ? 1 : 0, 1);
            if (started.variant() != null) {
                r.byVariant.merge(started.variant(), mine, Rate::plus);
                r.conversions.merge(started.variant(), new Rate(converted ? 1 : 0, 1), Rate::plus);
            }
            if (holdout) {
                continue;
            }
            treated++;
            r.byType.merge(SequenceType.valueOf(started.detail()), mine, Rate::plus);
            Set<String> sentSteps = new LinkedHashSet<>();
            Set<String> opened = new LinkedHashSet<>();
            Set<String> clicked = new LinkedHashSet<>();
            for (RecoveryEvent e : own) {
                if (e.type() == EventType.STEP_SENT && sentSteps.add(e.stepId())) {
                    steps.computeIfAbsent(e.stepId(), k -> new long[4])[0]++;
                } else if ((e.type() == EventType.MESSAGE_OPENED || e.type() == EventType.POPUP_SHOWN)
                        && sentSteps.contains(e.stepId()) && opened.add(e.stepId())) {
                    steps.computeIfAbsent(e.stepId(), k -> new long[4])[1]++;
                } else if (e.type() == EventType.MESSAGE_CLICKED && sentSteps.contains(e.stepId()) && clicked.add(e.stepId())) {
                    steps.computeIfAbsent(e.stepId(), k -> new long[4])[2]++;
                }
            }
            sentTotal += sentSteps.size();
            if (isRecovered) {
                recovered++;
                times.add(Duration.between(started.at(), purchase.at()));
                steps.get(credited.stepId())[3]++;
                r.revenue = r.revenue.add(purchase.value());
            } else if (purchase != null && credited == null) {
                r.beforeFirstMessage++;
                r.beforeRevenue = r.beforeRevenue.add(purchase.value());
            }
        }
        steps.forEach((id, c) -> r.steps.put(id, new StepStats(id, c[0], c[1], c[2], c[3])));
        r.recovery = new Rate(recovered, treated);
        r.averageLength = treated == 0 ? 0.0 : (double) sentTotal / treated;
        times.sort(null);
        r.median = times.isEmpty() ? Duration.ZERO : times.size() % 2 == 1 ? times.get(times.size() / 2)
                : times.get(times.size() / 2 - 1).plus(times.get(times.size() / 2)).dividedBy(2);
        return r;
    }
}

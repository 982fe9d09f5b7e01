package io.cartrecovery.examples.stats;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Figures of one store computed straight from its event log: what the demo prints and the example service's
 * analytics endpoint answers until the core analytics module takes over. Rates are 0.0 when their denominator is
 * zero.
 *
 * @param sequencesStarted   sequences started
 * @param sequencesByType    sequences started per type, every type present
 * @param steps              per step id, in plan order: sent, skipped, failed, opened, clicked
 * @param stopReasons        stopped sequences per stop reason
 * @param completed          sequences that ran all their steps
 * @param recovered          sequences that ended in a purchase
 * @param recoveredRevenue   sum of the recovered order values
 * @param recoveredAfter     recoveries per last step sent before the purchase, in plan order, then {@link #NONE}
 * @param recoveriesPerDay   recoveries per calendar day in {@code zone}
 * @param emailsSent         email steps sent
 * @param emailsOpened       sent email steps opened at least once
 * @param emailsClicked      sent email steps clicked at least once
 * @param popupsSent         popup steps handed to the storefront
 * @param popupsShown        popups the customer saw
 * @param popupsClicked      popups clicked
 * @param retries            delivery retries scheduled
 * @param optOuts            customers who opted out
 */
public record EventLogStats(int sequencesStarted, Map<SequenceType, Integer> sequencesByType,
                            Map<String, StepCounts> steps, Map<String, Integer> stopReasons, int completed,
                            int recovered, BigDecimal recoveredRevenue, Map<String, Integer> recoveredAfter,
                            SortedMap<LocalDate, Integer> recoveriesPerDay, int emailsSent, int emailsOpened,
                            int emailsClicked, int popupsSent, int popupsShown, int popupsClicked, int retries,
                            int optOuts) {

    /** Key of {@link #recoveredAfter} for purchases made before any message was sent. */
    public static final String NONE = "none";

    /** What happened to one step over all sequences; {@code opened} counts popups seen and emails opened. */
    public record StepCounts(Channel channel, int sent, int skipped, int failed, int opened, int clicked) {}

    /** Sequences that ended in a purchase, over sequences started. */
    public double recoveryRate() {
        return ratio(recovered, sequencesStarted);
    }

    public double emailOpenRate() {
        return ratio(emailsOpened, emailsSent);
    }

    /** Clicked emails over emails sent. */
    public double emailClickRate() {
        return ratio(emailsClicked, emailsSent);
    }

    /** Popups seen over popups handed to the storefront. */
    public double popupShowRate() {
        return ratio(popupsShown, popupsSent);
    }

    /** Clicked popups over popups seen. */
    public double popupClickRate() {
        return ratio(popupsClicked, popupsShown);
    }

    public static double ratio(int part, int whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    /**
     * Computes the figures of {@code events} (one store's, in log order); {@code settings} tells each step's
     * channel and order, {@code zone} the calendar of the per-day series.
     */
    public static EventLogStats of(List<RecoveryEvent> events, StoreSettings settings, ZoneId zone) {
        Map<String, StepDefinition> plan = new LinkedHashMap<>();
        for (SequenceType type : SequenceType.values()) {
            settings.policy(type).steps().forEach(step -> plan.putIfAbsent(step.id(), step));
        }
        Counter counter = new Counter(plan);
        events.forEach(counter::add);
        return counter.result(zone);
    }

    /** Walks the log once. */
    private static final class Counter {
        private final Map<String, StepDefinition> plan;
        private final Map<SequenceType, Integer> byType = new EnumMap<>(SequenceType.class);
        private final Map<String, int[]> stepCounts = new LinkedHashMap<>();
        private final Map<String, Integer> stopReasons = new TreeMap<>();
        private final Set<String> sent = new HashSet<>();
        private final Set<String> opened = new HashSet<>();
        private final Set<String> clicked = new HashSet<>();
        private final Map<String, String> lastSentStep = new HashMap<>();
        private final Map<String, Integer> recoveredAfter = new HashMap<>();
        private final List<RecoveryEvent> recoveries = new ArrayList<>();
        private final Set<String> recoveredSequences = new HashSet<>();
        private BigDecimal revenue = BigDecimal.ZERO;
        private int started;
        private int completed;
        private int retries;
        private int optOuts;

        Counter(Map<String, StepDefinition> plan) {
            this.plan = plan;
            for (SequenceType type : SequenceType.values()) {
                byType.put(type, 0);
            }
            plan.keySet().forEach(id -> stepCounts.put(id, new int[3]));
        }

        void add(RecoveryEvent e) {
            String key = e.sequenceId() + ":" + e.stepId();
            switch (e.type()) {
                case SEQUENCE_STARTED -> {
                    started++;
                    byType.merge(SequenceType.valueOf(e.detail()), 1, Integer::sum);
                }
                case STEP_SENT -> {
                    if (sent.add(key)) {
                        step(e.stepId())[0]++;
                        lastSentStep.put(e.sequenceId(), e.stepId());
                    }
                }
                case STEP_SKIPPED -> step(e.stepId())[1]++;
                case STEP_FAILED -> step(e.stepId())[2]++;
                case STEP_RETRY_SCHEDULED -> retries++;
                case POPUP_SHOWN, MESSAGE_OPENED -> opened.add(key);
                case MESSAGE_CLICKED -> clicked.add(key);
                case CART_RECOVERED -> {
                    if (recoveredSequences.add(e.sequenceId())) {
                        recoveries.add(e);
                        revenue = revenue.add(e.value() == null ? BigDecimal.ZERO : e.value());
                        recoveredAfter.merge(lastSentStep.getOrDefault(e.sequenceId(), NONE), 1, Integer::sum);
                    }
                }
                case SEQUENCE_STOPPED -> stopReasons.merge(e.detail(), 1, Integer::sum);
                case SEQUENCE_COMPLETED -> completed++;
                case CUSTOMER_OPTED_OUT -> optOuts++;
                default -> { }
            }
        }

        private int[] step(String stepId) {
            return stepCounts.computeIfAbsent(stepId, id -> new int[3]);
        }

        EventLogStats result(ZoneId zone) {
            Map<String, StepCounts> steps = new LinkedHashMap<>();
            int emailsSent = 0;
            int emailsOpened = 0;
            int emailsClicked = 0;
            int popupsSent = 0;
            int popupsShown = 0;
            int popupsClicked = 0;
            for (Map.Entry<String, int[]> entry : stepCounts.entrySet()) {
                String stepId = entry.getKey();
                StepDefinition definition = plan.get(stepId);
                Channel channel = definition == null ? null : definition.channel();
                int stepOpened = countOf(opened, stepId);
                int stepClicked = countOf(clicked, stepId);
                int[] c = entry.getValue();
                steps.put(stepId, new StepCounts(channel, c[0], c[1], c[2], stepOpened, stepClicked));
                if (channel == Channel.EMAIL) {
                    emailsSent += c[0];
                    emailsOpened += stepOpened;
                    emailsClicked += stepClicked;
                } else if (channel == Channel.POPUP) {
                    popupsSent += c[0];
                    popupsShown += stepOpened;
                    popupsClicked += stepClicked;
                }
            }
            Map<String, Integer> after = new LinkedHashMap<>();
            for (String stepId : steps.keySet()) {
                if (recoveredAfter.containsKey(stepId)) {
                    after.put(stepId, recoveredAfter.get(stepId));
                }
            }
            if (recoveredAfter.containsKey(NONE)) {
                after.put(NONE, recoveredAfter.get(NONE));
            }
            SortedMap<LocalDate, Integer> perDay = new TreeMap<>();
            for (RecoveryEvent recovery : recoveries) {
                perDay.merge(LocalDate.ofInstant(recovery.at(), zone), 1, Integer::sum);
            }
            return new EventLogStats(started, Collections.unmodifiableMap(byType),
                    Collections.unmodifiableMap(steps), Collections.unmodifiableMap(stopReasons), completed,
                    recoveredSequences.size(), revenue, Collections.unmodifiableMap(after),
                    Collections.unmodifiableSortedMap(perDay), emailsSent, emailsOpened, emailsClicked, popupsSent,
                    popupsShown, popupsClicked, retries, optOuts);
        }

        /** Engagement counts only for steps that were sent. */
        private int countOf(Set<String> engaged, String stepId) {
            int n = 0;
            for (String key : engaged) {
                if (key.endsWith(":" + stepId) && sent.contains(key)) {
                    n++;
                }
            }
            return n;
        }
    }
}

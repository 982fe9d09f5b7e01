package io.cartrecovery.core.analytics;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes an {@link AnalyticsReport} from a store's event log in one pass (see the report for the definitions).
 * Events must come in the order they were appended, as {@code RecoveryStore.events} returns them.
 */
public final class AnalyticsCalculator {
    private static final int SENT = 1;
    private static final int OPENED = 2;
    private static final int CLICKED = 4;
    private static final int SHOWN = 8;

    private AnalyticsCalculator() {}

    /**
     * The report of {@code settings}' store over {@code events}, with its attribution window, its experiments
     * (which name each experiment's control: its first variant; for an experiment no longer configured the arm
     * with the smallest name is the control) and its popup steps ({@link #popupSteps}). Events outside
     * {@code [from, to)} or of other stores are ignored.
     */
    public static AnalyticsReport report(StoreSettings settings, Instant from, Instant to,
                                         Iterable<RecoveryEvent> events) {
        notNull(settings, "settings");
        notNull(from, "from");
        notNull(to, "to");
        notNull(events, "events");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        Set<String> popups = popupSteps(settings);
        Map<String, Tracked> sequences = new HashMap<>();
        Map<String, long[]> steps = new HashMap<>(); // sent, opened, clicked, recoveredAfter
        long position = 0;
        for (RecoveryEvent event : events) {
            position++;
            if (event.sequenceId() == null || !settings.storeId().equals(event.storeId())
                    || event.at().isBefore(from) || !event.at().isBefore(to)) {
                continue;
            }
            Tracked s = sequences.get(event.sequenceId());
            if (s == null) {
                if (event.type() == EventType.SEQUENCE_STARTED) {
                    sequences.put(event.sequenceId(), new Tracked(event));
                }
                continue;
            }
            String stepId = event.stepId();
            switch (event.type()) {
                case STEP_SENT -> {
                    if (stepId != null) {
                        s.stepRan(event.at());
                        if (s.mark(stepId, SENT)) {
                            s.sent++;
                            if (!popups.contains(stepId)) {
                                s.delivered(stepId, event.at(), position);
                            }
                            if (!s.holdout) {
                                steps.computeIfAbsent(stepId, k -> new long[4])[0]++;
                            }
                        }
                    }
                }
                case STEP_SKIPPED, STEP_FAILED -> {
                    if (stepId != null) {
                        s.stepRan(event.at());
                    }
                }
                case MESSAGE_OPENED, POPUP_SHOWN, MESSAGE_CLICKED -> { // a popup shown counts as opened
                    if (stepId == null || !s.marked(stepId, SENT)) {
                        break;
                    }
                    boolean shown = event.type() == EventType.POPUP_SHOWN;
                    if (shown && popups.contains(stepId) && s.mark(stepId, SHOWN)) {
                        s.delivered(stepId, event.at(), position);
                    }
                    boolean opened = event.type() != EventType.MESSAGE_CLICKED;
                    if (!s.holdout && s.mark(stepId, opened ? OPENED : CLICKED)) {
                        steps.computeIfAbsent(stepId, k -> new long[4])[opened ? 1 : 2]++;
                    }
                }
                case CART_RECOVERED -> {
                    if (s.purchasedAt == null) {
                        s.purchasedAt = event.at();
                        s.value = event.value() == null ? BigDecimal.ZERO : event.value();
                    }
                }
                default -> { }
            }
        }
        return summarize(settings, from, to, sequences.values(), steps);
    }

    /**
     * The ids of the steps that {@code settings} deliver as on-site popups, in any sequence type's plan or any
     * experiment variant: such a step counts as delivered when the storefront showed it ({@code POPUP_SHOWN}), not
     * when it was queued ({@code STEP_SENT}).
     */
    public static Set<String> popupSteps(StoreSettings settings) {
        Set<String> popups = new HashSet<>();
        for (SequenceType type : SequenceType.values()) {
            addPopups(popups, settings.policy(type).steps());
        }
        for (Experiment experiment : settings.experiments()) {
            for (Variant variant : experiment.variants()) {
                addPopups(popups, variant.steps());
            }
        }
        return Set.copyOf(popups);
    }

    private static void addPopups(Set<String> popups, List<StepDefinition> steps) {
        steps.stream().filter(step -> step.channel() == Channel.POPUP).forEach(step -> popups.add(step.id()));
    }

    private static AnalyticsReport summarize(StoreSettings settings, Instant from, Instant to,
                                             Iterable<Tracked> sequences, Map<String, long[]> steps) {
        Duration window = settings.attributionWindow();
        long started = 0;
        long recovered = 0;
        long sent = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        long early = 0;
        BigDecimal earlyRevenue = BigDecimal.ZERO;
        Map<SequenceType, long[]> byType = new EnumMap<>(SequenceType.class);
        Map<String, long[]> byVariant = new HashMap<>();
        Map<String, long[]> conversions = new HashMap<>();
        List<Duration> times = new ArrayList<>();
        for (Tracked s : sequences) {
            int credited = s.credited();
            boolean isRecovered = credited >= 0 && !s.purchasedAt.isAfter(s.deliveredAt[credited].plus(window));
            if (s.variant != null) {
                count(byVariant.computeIfAbsent(s.variant, k -> new long[2]), isRecovered);
                count(conversions.computeIfAbsent(s.variant, k -> new long[2]), s.converted(window));
            }
            if (s.holdout) {
                continue;
            }
            started++;
            sent += s.sent;
            if (s.type != null) {
                count(byType.computeIfAbsent(s.type, k -> new long[2]), isRecovered);
            }
            if (isRecovered) {
                recovered++;
                revenue = revenue.add(s.value);
                times.add(Duration.between(s.startedAt, s.purchasedAt));
                steps.get(s.stepIds[credited])[3]++;
            } else if (s.purchasedAt != null && credited < 0) {
                early++;
                earlyRevenue = earlyRevenue.add(s.value);
            }
        }
        Map<SequenceType, Rate> typeRates = new EnumMap<>(SequenceType.class);
        for (SequenceType type : SequenceType.values()) {
            long[] c = byType.get(type);
            typeRates.put(type, c == null ? Rate.ZERO : new Rate(c[0], c[1]));
        }
        Map<String, StepStats> stepStats = new TreeMap<>();
        steps.forEach((id, c) -> stepStats.put(id, new StepStats(id, c[0], c[1], c[2], c[3])));
        return new AnalyticsReport(settings.storeId(), from, to, window, new Rate(recovered, started), revenue,
                new PurchaseTotal(early, earlyRevenue), typeRates, rates(byVariant), stepStats,
                started == 0 ? 0.0 : (double) sent / started, median(times),
                ExperimentResults.of(rates(conversions), settings.experiments()));
    }

    private static Map<String, Rate> rates(Map<String, long[]> counters) {
        Map<String, Rate> rates = new TreeMap<>();
        counters.forEach((label, c) -> rates.put(label, new Rate(c[0], c[1])));
        return rates;
    }

    private static void notNull(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
    }

    private static void count(long[] counter, boolean counted) {
        if (counted) {
            counter[0]++;
        }
        counter[1]++;
    }

    /**
     * The middle value, or the mean of the two middle values (rounded toward zero to the nanosecond); zero for none.
     * Sorts {@code values}.
     */
    public static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return Duration.ZERO;
        }
        values.sort(null);
        int mid = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(mid) : values.get(mid - 1).plus(values.get(mid)).dividedBy(2);
    }

    /** What the pass remembers of one sequence. */
    private static final class Tracked {
        final SequenceType type;
        final String variant;
        final boolean holdout;
        final Instant startedAt;
        int sent;
        Instant purchasedAt;
        BigDecimal value;
        String[] stepIds; // steps seen, with what was already counted for each in flags
        byte[] flags;
        Instant[] deliveredAt; // per step: when its message reached the customer, or null
        long[] deliveredPosition; // per step: the position of that event in the log, which breaks ties
        int stepCount;
        Instant[] ran = new Instant[0]; // times of the step outcomes: sent, skipped or failed
        int ranCount;

        Tracked(RecoveryEvent started) {
            this.type = parseType(started.detail());
            this.variant = started.variant();
            this.holdout = Experiment.isHoldout(started.variant());
            this.startedAt = started.at();
        }

        void stepRan(Instant at) {
            if (ranCount == ran.length) {
                ran = Arrays.copyOf(ran, Math.max(5, ranCount * 2));
            }
            ran[ranCount++] = at;
        }

        void delivered(String stepId, Instant at, long position) {
            int i = indexOf(stepId);
            deliveredAt[i] = at;
            deliveredPosition[i] = position;
        }

        /**
         * The step of the last message delivered at or before the purchase (the later in the log of two at the
         * same time), or -1 when there was no purchase or no message before it.
         */
        int credited() {
            int best = -1;
            if (purchasedAt == null) {
                return best;
            }
            for (int i = 0; i < stepCount; i++) {
                Instant at = deliveredAt[i];
                if (at != null && !at.isAfter(purchasedAt) && (best < 0 || at.isAfter(deliveredAt[best])
                        || at.equals(deliveredAt[best]) && deliveredPosition[i] > deliveredPosition[best])) {
                    best = i;
                }
            }
            return best;
        }

        /** Bought within the attribution window of the last step that ran (in any way) at or before the purchase. */
        boolean converted(Duration window) {
            if (purchasedAt == null) {
                return false;
            }
            Instant last = null;
            for (int i = 0; i < ranCount; i++) {
                if (!ran[i].isAfter(purchasedAt) && (last == null || ran[i].isAfter(last))) {
                    last = ran[i];
                }
            }
            return last != null && !purchasedAt.isAfter(last.plus(window));
        }

        /** Sets {@code flag} for the step; false when it was already set. */
        boolean mark(String stepId, int flag) {
            int i = indexOf(stepId);
            if (i < 0) {
                if (stepIds == null) {
                    stepIds = new String[5];
                    flags = new byte[5];
                    deliveredAt = new Instant[5];
                    deliveredPosition = new long[5];
                } else if (stepCount == stepIds.length) {
                    stepIds = Arrays.copyOf(stepIds, stepCount * 2);
                    flags = Arrays.copyOf(flags, stepCount * 2);
                    deliveredAt = Arrays.copyOf(deliveredAt, stepCount * 2);
                    deliveredPosition = Arrays.copyOf(deliveredPosition, stepCount * 2);
                }
                i = stepCount++;
                stepIds[i] = stepId;
            } else if ((flags[i] & flag) != 0) {
                return false;
            }
            flags[i] |= (byte) flag;
            return true;
        }

        boolean marked(String stepId, int flag) {
            int i = indexOf(stepId);
            return i >= 0 && (flags[i] & flag) != 0;
        }

        private int indexOf(String stepId) {
            for (int i = 0; i < stepCount; i++) {
                if (stepIds[i].equals(stepId)) {
                    return i;
                }
            }
            return -1;
        }

        private static SequenceType parseType(String detail) {
            if (detail == null) {
                return null;
            }
            try {
                return SequenceType.valueOf(detail);
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
    }
}

package io.cartrecovery.core.analytics;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.experiment.Experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes an {@link AnalyticsReport} from a store's event log in one pass (see the report for the definitions).
 * Events must come in the order they were appended, as {@code RecoveryStore.events} returns them.
 */
public final class AnalyticsCalculator {
    private static final int SENT = 1;
    private static final int OPENED = 2;
    private static final int CLICKED = 4;

    private AnalyticsCalculator() {}

    /** The report without the store's experiments: the control of each experiment is its arm with the smallest name. */
    public static AnalyticsReport report(String storeId, Instant from, Instant to, Duration attributionWindow,
                                         Iterable<RecoveryEvent> events) {
        return report(storeId, from, to, attributionWindow, events, List.of());
    }

    /**
     * The report over {@code events}; events outside {@code [from, to)} or of other stores are ignored.
     *
     * @param experiments the store's experiments, which name each experiment's control (its first variant);
     *                    for an experiment not listed the arm with the smallest name is the control
     */
    public static AnalyticsReport report(String storeId, Instant from, Instant to, Duration attributionWindow,
                                         Iterable<RecoveryEvent> events, List<Experiment> experiments) {
        notNull(storeId, "storeId");
        notNull(from, "from");
        notNull(to, "to");
        notNull(attributionWindow, "attributionWindow");
        notNull(events, "events");
        notNull(experiments, "experiments");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        Map<String, Tracked> sequences = new HashMap<>();
        Map<String, long[]> steps = new HashMap<>(); // sent, opened, clicked, recoveredAfter
        for (RecoveryEvent event : events) {
            if (event.sequenceId() == null || !storeId.equals(event.storeId()) || event.at().isBefore(from)
                    || !event.at().isBefore(to)) {
                continue;
            }
            switch (event.type()) {
                case SEQUENCE_STARTED -> sequences.putIfAbsent(event.sequenceId(), new Tracked(event));
                case STEP_SENT -> {
                    Tracked s = sequences.get(event.sequenceId());
                    if (s != null && event.stepId() != null && s.mark(event.stepId(), SENT)) {
                        s.sent++;
                        s.lastSentStep = event.stepId();
                        s.lastSentAt = event.at();
                        if (!s.holdout) {
                            steps.computeIfAbsent(event.stepId(), k -> new long[4])[0]++;
                        }
                    }
                }
                case MESSAGE_OPENED, POPUP_SHOWN, MESSAGE_CLICKED -> { // a popup shown counts as opened
                    boolean opened = event.type() != EventType.MESSAGE_CLICKED;
                    Tracked s = sequences.get(event.sequenceId());
                    if (s != null && !s.holdout && event.stepId() != null && s.marked(event.stepId(), SENT)
                            && s.mark(event.stepId(), opened ? OPENED : CLICKED)) {
                        steps.computeIfAbsent(event.stepId(), k -> new long[4])[opened ? 1 : 2]++;
                    }
                }
                case CART_RECOVERED -> {
                    Tracked s = sequences.get(event.sequenceId());
                    if (s != null && s.recoveredAt == null) {
                        s.recoveredAt = event.at();
                        s.recoveredAfterMessage = s.lastSentStep != null;
                        if (s.lastSentStep != null && !s.holdout) {
                            steps.computeIfAbsent(s.lastSentStep, k -> new long[4])[3]++;
                        }
                        if (s.lastSentAt != null && !event.at().isAfter(s.lastSentAt.plus(attributionWindow))) {
                            s.attributedValue = event.value() == null ? BigDecimal.ZERO : event.value();
                        }
                    }
                }
                default -> { }
            }
        }
        return summarize(storeId, from, to, attributionWindow, sequences.values(), steps, experiments);
    }

    private static AnalyticsReport summarize(String storeId, Instant from, Instant to, Duration window,
                                             Iterable<Tracked> sequences, Map<String, long[]> steps,
                                             List<Experiment> experiments) {
        long started = 0;
        long recovered = 0;
        long sent = 0;
        long beforeAnyMessage = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        Map<SequenceType, long[]> byType = new EnumMap<>(SequenceType.class);
        Map<String, long[]> byVariant = new HashMap<>();
        List<Duration> times = new ArrayList<>();
        for (Tracked s : sequences) {
            boolean isRecovered = s.recoveredAt != null;
            if (s.variant != null) {
                count(byVariant.computeIfAbsent(s.variant, k -> new long[2]), isRecovered);
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
                times.add(Duration.between(s.startedAt, s.recoveredAt));
                if (!s.recoveredAfterMessage) {
                    beforeAnyMessage++;
                }
                if (s.attributedValue != null) {
                    revenue = revenue.add(s.attributedValue);
                }
            }
        }
        Map<SequenceType, Rate> typeRates = new EnumMap<>(SequenceType.class);
        for (SequenceType type : SequenceType.values()) {
            long[] c = byType.get(type);
            typeRates.put(type, c == null ? Rate.ZERO : new Rate(c[0], c[1]));
        }
        Map<String, Rate> variantRates = new TreeMap<>();
        byVariant.forEach((label, c) -> variantRates.put(label, new Rate(c[0], c[1])));
        Map<String, StepStats> stepStats = new TreeMap<>();
        steps.forEach((id, c) -> stepStats.put(id, new StepStats(id, c[0], c[1], c[2], c[3])));
        return new AnalyticsReport(storeId, from, to, window, new Rate(recovered, started), revenue,
                beforeAnyMessage, typeRates, variantRates, stepStats,
                started == 0 ? 0.0 : (double) sent / started, median(times),
                ExperimentResults.of(variantRates, experiments));
    }

    private static void notNull(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
    }

    private static void count(long[] counter, boolean recovered) {
        if (recovered) {
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
        String lastSentStep;
        Instant lastSentAt;
        Instant recoveredAt;
        boolean recoveredAfterMessage;
        BigDecimal attributedValue;
        String[] stepIds; // steps seen, with what was already counted for each in flags
        byte[] flags;
        int stepCount;

        Tracked(RecoveryEvent started) {
            this.type = parseType(started.detail());
            this.variant = started.variant();
            this.holdout = Experiment.isHoldout(started.variant());
            this.startedAt = started.at();
        }

        /** Sets {@code flag} for the step; false when it was already set. */
        boolean mark(String stepId, int flag) {
            int i = indexOf(stepId);
            if (i < 0) {
                if (stepIds == null) {
                    stepIds = new String[5];
                    flags = new byte[5];
                } else if (stepCount == stepIds.length) {
                    stepIds = Arrays.copyOf(stepIds, stepCount * 2);
                    flags = Arrays.copyOf(flags, stepCount * 2);
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

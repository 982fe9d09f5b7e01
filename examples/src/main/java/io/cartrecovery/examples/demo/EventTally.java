package io.cartrecovery.examples.demo;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.experiment.Experiment;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The demo's own counts from the event log, for what {@code engine.analytics} does not report: skipped and failed
 * steps, popups seen, how sequences ended, retries, opt-outs and recoveries per day.
 *
 * @param steps            per step id, in plan order: its channel, skips and failures
 * @param popupsShown      sent popups the customer saw
 * @param stopReasons      stopped sequences per stop reason, holdout included
 * @param completed        sequences that ran all their steps, holdout included
 * @param retries          delivery retries scheduled
 * @param optOuts          customers who opted out
 * @param recoveriesPerDay first recovery of each treated (not holdout) sequence, per calendar day in the zone
 */
record EventTally(Map<String, StepCounts> steps, int popupsShown, Map<String, Integer> stopReasons, int completed,
                  int retries, int optOuts, SortedMap<LocalDate, Integer> recoveriesPerDay) {

    /** What analytics does not say about one step. */
    record StepCounts(Channel channel, int skipped, int failed) {}

    /** Counts {@code events} (one store's, in log order); {@code zone} is the calendar of the per-day series. */
    static EventTally of(Iterable<RecoveryEvent> events, StoreSettings settings, ZoneId zone) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (SequenceType type : SequenceType.values()) {
            settings.policy(type).steps().forEach(step -> channels.putIfAbsent(step.id(), step.channel()));
        }
        Map<String, int[]> stepCounts = new LinkedHashMap<>();
        channels.keySet().forEach(id -> stepCounts.put(id, new int[2]));
        Map<String, Integer> stops = new TreeMap<>();
        SortedMap<LocalDate, Integer> perDay = new TreeMap<>();
        Set<String> sent = new HashSet<>();
        Set<String> shown = new HashSet<>();
        Set<String> holdout = new HashSet<>();
        Set<String> recovered = new HashSet<>();
        int completed = 0;
        int retries = 0;
        int optOuts = 0;
        for (RecoveryEvent e : events) {
            String key = e.sequenceId() + ":" + e.stepId();
            switch (e.type()) {
                case SEQUENCE_STARTED -> {
                    if (Experiment.isHoldout(e.variant())) {
                        holdout.add(e.sequenceId());
                    }
                }
                case STEP_SENT -> sent.add(key);
                case STEP_SKIPPED -> stepCounts.computeIfAbsent(e.stepId(), id -> new int[2])[0]++;
                case STEP_FAILED -> stepCounts.computeIfAbsent(e.stepId(), id -> new int[2])[1]++;
                case STEP_RETRY_SCHEDULED -> retries++;
                case POPUP_SHOWN -> {
                    if (sent.contains(key)) {
                        shown.add(key);
                    }
                }
                case CART_RECOVERED -> {
                    if (!holdout.contains(e.sequenceId()) && recovered.add(e.sequenceId())) {
                        perDay.merge(LocalDate.ofInstant(e.at(), zone), 1, Integer::sum);
                    }
                }
                case SEQUENCE_STOPPED -> stops.merge(e.detail(), 1, Integer::sum);
                case SEQUENCE_COMPLETED -> completed++;
                case CUSTOMER_OPTED_OUT -> optOuts++;
                default -> { }
            }
        }
        Map<String, StepCounts> steps = new LinkedHashMap<>();
        stepCounts.forEach((id, c) -> steps.put(id, new StepCounts(channels.get(id), c[0], c[1])));
        return new EventTally(Collections.unmodifiableMap(steps), shown.size(), Collections.unmodifiableMap(stops),
                completed, retries, optOuts, Collections.unmodifiableSortedMap(perDay));
    }
}

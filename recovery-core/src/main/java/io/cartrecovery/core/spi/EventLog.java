package io.cartrecovery.core.spi;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The stores' event log, and the analytics computed from it. */
public interface EventLog {

    /** Longest key of {@link #appendOnce}. */
    int MAX_EVENT_KEY_LENGTH = 200;

    /** Appends events that change no sequence (engagement, opt-outs). */
    void append(List<RecoveryEvent> events);

    /**
     * Appends {@code event} unless an event with the same {@code key} was appended to the store before: at most
     * one event per key, whatever the concurrency (an open per message, a click per message and link).
     *
     * @param key at most {@value #MAX_EVENT_KEY_LENGTH} characters
     * @return whether the event was appended
     */
    boolean appendOnce(RecoveryEvent event, String key);

    /** The store's events with {@code from <= at < to}, in the order they were appended. */
    List<RecoveryEvent> events(String storeId, Instant from, Instant to);

    /** Every event of one sequence, in order. */
    List<RecoveryEvent> eventsOfSequence(String storeId, String sequenceId);

    /**
     * The store's latest events of {@code type} before {@code before}, newest first, at most {@code limit}: the
     * dead letters ({@code STEP_FAILED}) a host lists. The default filters {@link #events}; adapters should answer
     * from an index.
     */
    default List<RecoveryEvent> latestEvents(String storeId, EventType type, Instant before, int limit) {
        List<RecoveryEvent> found = new ArrayList<>();
        for (RecoveryEvent event : events(storeId, Instant.EPOCH, before)) {
            if (event.type() == type) {
                found.add(event);
            }
        }
        found.sort(Comparator.comparing(RecoveryEvent::at).reversed());
        return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
    }

    /**
     * The customer's opens and clicks ({@code MESSAGE_OPENED}, {@code MESSAGE_CLICKED}) with {@code from <= at < to},
     * oldest first: the engagement history that picks the best send hour. The default filters
     * {@link #events}; adapters should answer from an index.
     */
    default List<RecoveryEvent> engagement(String storeId, String customerId, Instant from, Instant to) {
        return events(storeId, from, to).stream()
                .filter(e -> (e.type() == EventType.MESSAGE_OPENED || e.type() == EventType.MESSAGE_CLICKED)
                        && customerId.equals(e.customerId()))
                .toList();
    }

    /**
     * The analytics report of {@code settings}' store (its attribution window, experiments and popup steps) over
     * the events with {@code from <= at < to}. The default computes it with {@link AnalyticsCalculator} in one
     * pass over {@link #events}; an adapter may answer in SQL but must agree.
     */
    default AnalyticsReport analytics(StoreSettings settings, Instant from, Instant to) {
        return AnalyticsCalculator.report(settings, from, to, events(settings.storeId(), from, to));
    }
}

package io.cartrecovery.examples.http;

import io.cartrecovery.core.SequenceType;
import io.cartrecovery.examples.stats.EventLogStats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** The analytics endpoint's answer for the last {@code days} days. */
record AnalyticsView(int days, Instant from, Instant to, int sequences, Map<SequenceType, Integer> sequencesByType,
                     int recovered, double recoveryRate, BigDecimal recoveredRevenue, int emailsSent,
                     double emailOpenRate, double emailClickRate, Map<String, Integer> stopReasons) {

    static AnalyticsView of(int days, Instant from, Instant to, EventLogStats s) {
        return new AnalyticsView(days, from, to, s.sequencesStarted(), s.sequencesByType(), s.recovered(),
                s.recoveryRate(), s.recoveredRevenue(), s.emailsSent(), s.emailOpenRate(), s.emailClickRate(),
                s.stopReasons());
    }
}

package io.cartrecovery.examples.http;

import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.PurchaseTotal;
import io.cartrecovery.core.analytics.ExperimentResult;
import io.cartrecovery.core.analytics.Lift;
import io.cartrecovery.core.analytics.ProportionTest;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.analytics.StepStats;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analytics endpoint's answer: the {@link AnalyticsReport} of the sequences started in the last {@code days}
 * days, as JSON. Durations are ISO-8601; rates carry their counts ({@code count} out of {@code total}).
 */
record AnalyticsView(int days, Instant from, Instant to, Duration attributionWindow, RateView recovery,
                     BigDecimal recoveredRevenue, PurchaseTotal purchasedBeforeFirstMessage,
                     Map<SequenceType, RateView> byType,
                     List<StepView> steps, double averageSequenceLength, Duration medianTimeToRecovery,
                     Map<String, RateView> byVariant, List<ExperimentView> experiments) {

    static AnalyticsView of(int days, AnalyticsReport r) {
        Map<SequenceType, RateView> byType = new LinkedHashMap<>();
        r.byType().forEach((type, rate) -> byType.put(type, RateView.of(rate)));
        Map<String, RateView> byVariant = new LinkedHashMap<>();
        r.byVariant().forEach((label, rate) -> byVariant.put(label, RateView.of(rate)));
        return new AnalyticsView(days, r.from(), r.to(), r.attributionWindow(), RateView.of(r.recovery()),
                r.recoveredRevenue(), r.purchasedBeforeFirstMessage(), byType,
                r.steps().values().stream().map(StepView::of).toList(), r.averageSequenceLength(),
                r.medianTimeToRecovery(), byVariant, r.experiments().stream().map(ExperimentView::of).toList());
    }

    /** {@code count} out of {@code total}, and their ratio (0.0 for none). */
    record RateView(long count, long total, double rate) {
        static RateView of(Rate rate) {
            return new RateView(rate.count(), rate.total(), rate.value());
        }
    }

    record StepView(String stepId, long sent, long opened, long clicked, long recoveredAfter, double openRate,
                    double clickRate) {
        static StepView of(StepStats s) {
            return new StepView(s.stepId(), s.sent(), s.opened(), s.clicked(), s.recoveredAfter(),
                    s.openRate().value(), s.clickRate().value());
        }
    }

    /** Lift is treated minus holdout recovery rate with its 95% interval; comparisons are two-proportion z-tests. */
    record ExperimentView(String experimentId, Map<String, RateView> arms, LiftView lift,
                          List<ComparisonView> comparisons) {
        static ExperimentView of(ExperimentResult e) {
            Map<String, RateView> arms = new LinkedHashMap<>();
            e.arms().forEach((arm, rate) -> arms.put(arm, RateView.of(rate)));
            return new ExperimentView(e.experimentId(), arms, LiftView.of(e.lift()),
                    e.comparisons().stream().map(ComparisonView::of).toList());
        }
    }

    record LiftView(RateView treated, RateView holdout, double difference, double lower, double upper) {
        static LiftView of(Lift l) {
            return new LiftView(RateView.of(l.treated()), RateView.of(l.holdout()), l.difference(), l.lower(),
                    l.upper());
        }
    }

    record ComparisonView(String variant, String control, RateView treated, RateView baseline, double z,
                          double pValue) {
        static ComparisonView of(ProportionTest t) {
            return new ComparisonView(t.variant(), t.control(), RateView.of(t.treated()), RateView.of(t.baseline()),
                    t.z(), t.pValue());
        }
    }
}

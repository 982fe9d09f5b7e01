package io.cartrecovery.core.analytics;

/**
 * Incremental lift: the conversion rate (see {@link ExperimentResult}) of treated sequences minus that of the
 * holdout, which got no messages, with a 95% Wald confidence interval ({@code diff ± 1.96 × sqrt(p1(1-p1)/n1 + p2(1-p2)/n2)}).
 *
 * @param treated    conversions out of treated sequences
 * @param holdout    conversions out of holdout sequences
 * @param difference treated rate minus holdout rate; 0.0 when either group is empty
 * @param lower      lower bound of the 95% interval; 0.0 when either group is empty
 * @param upper      upper bound of the 95% interval; 0.0 when either group is empty
 */
public record Lift(Rate treated, Rate holdout, double difference, double lower, double upper) {

    public static Lift of(Rate treated, Rate holdout) {
        if (treated.total() == 0 || holdout.total() == 0) {
            return new Lift(treated, holdout, 0.0, 0.0, 0.0);
        }
        double p1 = treated.value();
        double p2 = holdout.value();
        double se = Math.sqrt(p1 * (1 - p1) / treated.total() + p2 * (1 - p2) / holdout.total());
        double half = Statistics.Z_95 * se;
        double diff = p1 - p2;
        return new Lift(treated, holdout, diff, diff - half, diff + half);
    }
}

package io.cartrecovery.core.analytics;

/**
 * A two-sided two-proportion z-test of a variant against a control, with the pooled standard error.
 *
 * @param variant  the variant's label ({@code experiment/arm})
 * @param control  the control's label
 * @param treated  the variant's conversions (or other successes) out of its sequences
 * @param baseline the control's conversions out of its sequences
 * @param z        the z statistic; 0.0 when either group is empty or the pooled rate is 0 or 1
 * @param pValue   two-sided p-value; 1.0 in those zero cases
 */
public record ProportionTest(String variant, String control, Rate treated, Rate baseline, double z, double pValue) {

    /** Tests {@code treated} against {@code baseline}. */
    public static ProportionTest of(String variant, String control, Rate treated, Rate baseline) {
        double z = 0.0;
        double p = 1.0;
        if (treated.total() > 0 && baseline.total() > 0) {
            double pooled = (double) (treated.count() + baseline.count()) / (treated.total() + baseline.total());
            double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / treated.total() + 1.0 / baseline.total()));
            if (se > 0) {
                z = (treated.value() - baseline.value()) / se;
                p = Math.min(1.0, 2.0 * Statistics.normalCdf(-Math.abs(z)));
            }
        }
        return new ProportionTest(variant, control, treated, baseline, z, p);
    }

    /** Whether the difference is significant at {@code alpha} (for example 0.05). */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}

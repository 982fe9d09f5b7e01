package io.cartrecovery.core.analytics;

/** The normal distribution, computed here to keep the core free of maths libraries. */
public final class Statistics {
    /** The two-sided 95% quantile of the standard normal distribution. */
    public static final double Z_95 = 1.959963984540054;

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private Statistics() {}

    /** The standard normal cumulative distribution function Φ(x) = (1 + erf(x / √2)) / 2. */
    public static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must be a number");
        }
        double t = x / Math.sqrt(2.0);
        // Use erfc in the tails so that small probabilities keep their precision.
        return t < -0.5 ? 0.5 * erfc(-t) : t > 0.5 ? 1.0 - 0.5 * erfc(t) : 0.5 * (1.0 + erf(t));
    }

    /** The error function; absolute error below 1e-14. */
    public static double erf(double x) {
        if (Math.abs(x) > 2.5) {
            return Math.signum(x) * (1.0 - erfc(Math.abs(x)));
        }
        // Maclaurin series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)).
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** The complementary error function 1 - erf(x). */
    public static double erfc(double x) {
        if (x < 2.5) {
            return 1.0 - erf(x);
        }
        // Continued fraction: erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards.
        double f = x;
        for (int k = 60; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}

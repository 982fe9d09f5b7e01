package io.cartrecovery.core;

import java.math.BigDecimal;

/**
 * A discount a step offers.
 *
 * @param code       the discount code the customer enters
 * @param percentOff the discount in percent, greater than 0 and at most 100, at most four decimals
 */
public record Incentive(String code, BigDecimal percentOff) {

    public Incentive {
        Checks.id(code, "code");
        Checks.notNull(percentOff, "percentOff");
        Checks.amount(percentOff.abs(), "percentOff");
        if (percentOff.signum() <= 0 || percentOff.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("percentOff must be greater than 0 and at most 100");
        }
    }

    public static Incentive percentOff(String code, int percent) {
        return new Incentive(code, BigDecimal.valueOf(percent));
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;

import java.math.BigDecimal;

/**
 * The two headline figures of an {@link AnalyticsReport}, answered by the database without the rest of the
 * report: see {@link JdbcRecoveryStore#headline}.
 *
 * @param recovery         recovered sequences out of those started in the period, holdouts excluded (as
 *                         {@link AnalyticsReport#recovery()})
 * @param recoveredRevenue order value recovered within the attribution window (as
 *                         {@link AnalyticsReport#recoveredRevenue()})
 */
public record RecoveryHeadline(Rate recovery, BigDecimal recoveredRevenue) {

    public RecoveryHeadline {
        if (recovery == null || recoveredRevenue == null) {
            throw new IllegalArgumentException("recovery and recoveredRevenue must not be null");
        }
    }
}

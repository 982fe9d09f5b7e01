/**
 * Measurement computed from a store's event log: {@code AnalyticsCalculator} turns the events of a period into an
 * {@code AnalyticsReport} (recovery rate, recovered revenue, time to recovery, open and click rates, breakdowns by
 * sequence type, step and variant) and the results of experiments (lift against the holdout with a confidence
 * interval, two-proportion z-tests). The report's javadoc defines what counts as a delivered message and as a
 * recovery; {@code recovery-jdbc} computes the same figures in SQL.
 */
package io.cartrecovery.core.analytics;

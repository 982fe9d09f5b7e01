/**
 * A/B tests of sequence plans: an {@code Experiment} assigns each cart for good, by a hash of its id, to a holdout
 * that gets no messages or to one of its {@code Variant}s, which replace plan steps (tone, offset, incentive).
 * Experiments are part of the store settings; their results are in the analytics report.
 */
package io.cartrecovery.core.experiment;

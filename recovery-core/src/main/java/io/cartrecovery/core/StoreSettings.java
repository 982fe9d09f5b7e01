package io.cartrecovery.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How one store runs its recovery sequences. Build with {@link #builder(String)}.
 *
 * @param storeId                 the store
 * @param locale                  language of messages when the customer has none
 * @param timeZone                zone used when the customer's is unknown
 * @param abandonAfter            inactivity after which a cart counts as abandoned
 * @param requireMarketingConsent whether email needs the customer's marketing consent
 * @param highValueThreshold      lifetime value above which a customer is high-value
 * @param lowStockThreshold       inventory at or below which an item is low on stock
 * @param expireAfter             time from abandonment after which a sequence that has not finished expires
 * @param policies                one plan per sequence type
 */
public record StoreSettings(String storeId, Locale locale, ZoneId timeZone, Duration abandonAfter,
                            boolean requireMarketingConsent, BigDecimal highValueThreshold, int lowStockThreshold,
                            Duration expireAfter, Map<SequenceType, SequencePolicy> policies) {

    public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofMinutes(30);
    public static final BigDecimal DEFAULT_HIGH_VALUE_THRESHOLD = BigDecimal.valueOf(500);
    public static final int DEFAULT_LOW_STOCK_THRESHOLD = 5;
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofDays(7);

    public StoreSettings {
        Checks.id(storeId, "storeId");
        Checks.notNull(locale, "locale");
        Checks.notNull(timeZone, "timeZone");
        Checks.notNull(abandonAfter, "abandonAfter");
        if (abandonAfter.isNegative() || abandonAfter.isZero()) {
            throw new IllegalArgumentException("abandonAfter must be positive");
        }
        Checks.nonNegative(highValueThreshold, "highValueThreshold");
        Checks.nonNegative(lowStockThreshold, "lowStockThreshold");
        Checks.notNull(expireAfter, "expireAfter");
        Checks.notNull(policies, "policies");
        EnumMap<SequenceType, SequencePolicy> complete = new EnumMap<>(SequenceType.class);
        for (SequenceType type : SequenceType.values()) {
            SequencePolicy policy = policies.get(type);
            if (policy == null) {
                policy = SequencePolicy.defaults(type);
            } else if (policy.type() != type) {
                throw new IllegalArgumentException("policies maps " + type + " to a policy of type " + policy.type());
            }
            if (expireAfter.compareTo(policy.steps().get(policy.steps().size() - 1).offset()) <= 0) {
                throw new IllegalArgumentException("expireAfter must be later than the last step of " + type);
            }
            complete.put(type, policy);
        }
        policies = Map.copyOf(complete);
    }

    /** Settings with every default, for {@code storeId}. */
    public static StoreSettings defaults(String storeId) {
        return builder(storeId).build();
    }

    public static Builder builder(String storeId) {
        return new Builder(storeId);
    }

    /** The plan for sequences of {@code type}. */
    public SequencePolicy policy(SequenceType type) {
        return policies.get(type);
    }

    /** A builder prefilled with these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder(storeId);
        builder.locale = locale;
        builder.timeZone = timeZone;
        builder.abandonAfter = abandonAfter;
        builder.requireMarketingConsent = requireMarketingConsent;
        builder.highValueThreshold = highValueThreshold;
        builder.lowStockThreshold = lowStockThreshold;
        builder.expireAfter = expireAfter;
        builder.policies.putAll(policies);
        return builder;
    }

    /** Fluent builder; every setting starts at its {@code DEFAULT_*}. */
    public static final class Builder {
        private final String storeId;
        private Locale locale = Locale.ENGLISH;
        private ZoneId timeZone = ZoneId.of("UTC");
        private Duration abandonAfter = DEFAULT_ABANDON_AFTER;
        private boolean requireMarketingConsent = true;
        private BigDecimal highValueThreshold = DEFAULT_HIGH_VALUE_THRESHOLD;
        private int lowStockThreshold = DEFAULT_LOW_STOCK_THRESHOLD;
        private Duration expireAfter = DEFAULT_EXPIRE_AFTER;
        private final Map<SequenceType, SequencePolicy> policies = new EnumMap<>(SequenceType.class);

        private Builder(String storeId) {
            this.storeId = storeId;
        }

        public Builder locale(Locale value) { this.locale = value; return this; }

        public Builder timeZone(ZoneId value) { this.timeZone = value; return this; }

        public Builder abandonAfter(Duration value) { this.abandonAfter = value; return this; }

        public Builder requireMarketingConsent(boolean value) { this.requireMarketingConsent = value; return this; }

        public Builder highValueThreshold(BigDecimal value) { this.highValueThreshold = value; return this; }

        public Builder lowStockThreshold(int value) { this.lowStockThreshold = value; return this; }

        public Builder expireAfter(Duration value) { this.expireAfter = value; return this; }

        /** Replaces the plan for the policy's sequence type. */
        public Builder policy(SequencePolicy policy) {
            Checks.notNull(policy, "policy");
            policies.put(policy.type(), policy);
            return this;
        }

        public StoreSettings build() {
            return new StoreSettings(storeId, locale, timeZone, abandonAfter, requireMarketingConsent,
                    highValueThreshold, lowStockThreshold, expireAfter, policies);
        }
    }
}

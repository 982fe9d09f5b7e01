package io.cartrecovery.core;

import io.cartrecovery.core.experiment.Experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one store runs its recovery sequences. Build with {@link #builder(String)}.
 *
 * @param storeId                 the store
 * @param locale                  language of messages when the customer has none
 * @param timeZone                zone used when the customer's is unknown
 * @param abandonAfter            inactivity after which a cart counts as abandoned
 * @param requireMarketingConsent whether email needs the customer's marketing consent
 * @param highValueThreshold      lifetime value above which a customer is high-value; an amount (see {@link Limits})
 * @param lowStockThreshold       inventory at or below which an item is low on stock
 * @param expireAfter             time from abandonment after which a sequence that has not finished expires
 * @param policies                one plan per sequence type
 * @param quietHours              local times (customer's zone, else the store's) in which nothing is sent
 * @param sendWindow              how far an email step of {@link #BEST_HOUR_MIN_OFFSET +24h} or later may move,
 *                                earlier or later, to the customer's best engagement hour; zero turns that off
 * @param defaultSendTime         the best hour of a customer with no engagement history
 * @param attributionWindow       how long after the last message a purchase still counts as recovered
 * @param experiments             running experiments, at most one per sequence type
 * @param templateOverrides       mustache sources replacing built-in templates, by template name (see
 *                                {@link #TEMPLATE_NAME})
 * @param retention               how long ended sequences, their events and inactive carts are kept before
 *                                {@link RecoveryEngine#purgeExpired} deletes them (never less than the
 *                                {@code attributionWindow}, so that a late purchase still finds its sequence),
 *                                from {@link Limits#MIN_RETENTION} to {@link Limits#MAX_RETENTION}; {@code null}
 *                                (settings stored by an older version) means {@link #DEFAULT_RETENTION}
 */
public record StoreSettings(String storeId, Locale locale, ZoneId timeZone, Duration abandonAfter,
                            boolean requireMarketingConsent, BigDecimal highValueThreshold, int lowStockThreshold,
                            Duration expireAfter, Map<SequenceType, SequencePolicy> policies,
                            QuietHours quietHours, Duration sendWindow, LocalTime defaultSendTime,
                            Duration attributionWindow, List<Experiment> experiments,
                            Map<String, String> templateOverrides, Duration retention) {

    public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofMinutes(30);
    public static final BigDecimal DEFAULT_HIGH_VALUE_THRESHOLD = BigDecimal.valueOf(500);
    public static final int DEFAULT_LOW_STOCK_THRESHOLD = 5;
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofDays(7);
    /** 21:00 to 08:00 local time. */
    public static final QuietHours DEFAULT_QUIET_HOURS = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
    public static final Duration DEFAULT_SEND_WINDOW = Duration.ofHours(6);
    public static final LocalTime DEFAULT_SEND_TIME = LocalTime.of(10, 0);
    /** Email steps with at least this offset move to the customer's best hour; earlier ones only leave quiet hours. */
    public static final Duration BEST_HOUR_MIN_OFFSET = Duration.ofHours(24);
    public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofDays(5);
    /** A year: analytics can compare a season with the last one, and nothing is kept for good. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);
    /**
     * Names of overridable templates: {@code LANG/email.html}, {@code LANG/email.txt} (the layouts) and
     * {@code LANG/TONE.PART} with PART one of {@code subject, preheader, intro, cta}; LANG is {@code en, de, fr, es}.
     * For example {@code de/LAST_CHANCE.subject}.
     */
    public static final Pattern TEMPLATE_NAME = Pattern.compile(
            "(en|de|fr|es)/(email\\.html|email\\.txt|(HELPFUL_REMINDER|SOCIAL_PROOF|OBJECTION_HANDLING|LAST_CHANCE)"
                    + "\\.(subject|preheader|intro|cta))");
    private static final int MAX_TEMPLATE_LENGTH = 100_000;

    /**
     * Local times, start inclusive, end exclusive, in which nothing is sent; may cross midnight
     * ({@code 21:00-08:00}). Equal times mean no quiet hours.
     */
    public record QuietHours(LocalTime start, LocalTime end) {
        /** Nothing is ever held back. */
        public static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

        public QuietHours {
            Checks.notNull(start, "quietHours.start");
            Checks.notNull(end, "quietHours.end");
        }

        /** Whether {@code time} falls in the quiet hours. */
        public boolean contains(LocalTime time) {
            if (start.equals(end)) {
                return false;
            }
            return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                    : !time.isBefore(start) || time.isBefore(end);
        }
    }

    public StoreSettings {
        Checks.id(storeId, "storeId");
        Checks.notNull(locale, "locale");
        Checks.notNull(timeZone, "timeZone");
        Checks.notNull(abandonAfter, "abandonAfter");
        if (abandonAfter.isNegative() || abandonAfter.isZero()) {
            throw new IllegalArgumentException("abandonAfter must be positive");
        }
        Checks.amount(highValueThreshold, "highValueThreshold");
        Checks.nonNegative(lowStockThreshold, "lowStockThreshold");
        Checks.notNull(expireAfter, "expireAfter");
        Checks.notNull(policies, "policies");
        EnumMap<SequenceType, SequencePolicy> complete = new EnumMap<>(SequenceType.class);
        for (SequenceType type : SequenceType.values()) {
            SequencePolicy policy = policies.get(type);
            if (policy == null) {
                policy = defaultPolicy(type, null);
            } else if (policy.type() != type) {
                throw new IllegalArgumentException("policies maps " + type + " to a policy of type " + policy.type());
            }
            checkExpiry(expireAfter, policy.steps(), type.name());
            complete.put(type, policy);
        }
        policies = Map.copyOf(complete);
        Checks.notNull(quietHours, "quietHours");
        nonNegative(sendWindow, "sendWindow");
        Checks.notNull(defaultSendTime, "defaultSendTime");
        Checks.notNull(attributionWindow, "attributionWindow");
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException("attributionWindow must be positive");
        }
        experiments = List.copyOf(Checks.notNull(experiments, "experiments"));
        checkExperiments(experiments, policies, expireAfter);
        templateOverrides = Map.copyOf(Checks.notNull(templateOverrides, "templateOverrides"));
        templateOverrides.forEach((name, source) -> {
            if (!TEMPLATE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("templateOverrides has an unknown template name: " + name);
            }
            if (source == null || source.length() > MAX_TEMPLATE_LENGTH) {
                throw new IllegalArgumentException("templateOverrides." + name + " must be a template of at most "
                        + MAX_TEMPLATE_LENGTH + " characters");
            }
        });
        retention = retention == null ? DEFAULT_RETENTION : retention;
        if (retention.compareTo(Limits.MIN_RETENTION) < 0 || retention.compareTo(Limits.MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("retention must be from " + Limits.MIN_RETENTION.toDays() + " to "
                    + Limits.MAX_RETENTION.toDays() + " days");
        }
    }

    /**
     * The built-in plan of {@code type}: popup at +1h, emails at +2h, +24h, +48h and +72h, with tones per type
     * (low-stock leads with scarcity, high-value with service) and {@code incentive} (or none) on the last step.
     */
    public static SequencePolicy defaultPolicy(SequenceType type, Incentive incentive) {
        Checks.notNull(type, "type");
        Tone[] tones = switch (type) {
            case FIRST_TIME, RETURNING -> new Tone[] {Tone.HELPFUL_REMINDER, Tone.HELPFUL_REMINDER, Tone.SOCIAL_PROOF,
                    Tone.OBJECTION_HANDLING, Tone.LAST_CHANCE};
            case HIGH_VALUE -> new Tone[] {Tone.HELPFUL_REMINDER, Tone.HELPFUL_REMINDER, Tone.OBJECTION_HANDLING,
                    Tone.SOCIAL_PROOF, Tone.LAST_CHANCE};
            case LOW_STOCK -> new Tone[] {Tone.OBJECTION_HANDLING, Tone.OBJECTION_HANDLING, Tone.SOCIAL_PROOF,
                    Tone.OBJECTION_HANDLING, Tone.LAST_CHANCE};
        };
        List<StepDefinition> seed = SequencePolicy.defaults(type).steps();
        List<StepDefinition> steps = new ArrayList<>(seed.size());
        for (int i = 0; i < seed.size(); i++) {
            StepDefinition step = seed.get(i);
            steps.add(new StepDefinition(step.id(), step.offset(), step.channel(), tones[i],
                    i == seed.size() - 1 ? incentive : null));
        }
        return new SequencePolicy(type, steps);
    }

    /** The experiment running on sequences of {@code type}, or {@code null}. */
    public Experiment experimentFor(SequenceType type) {
        for (Experiment experiment : experiments) {
            if (experiment.appliesTo(type)) {
                return experiment;
            }
        }
        return null;
    }

    private static void checkExpiry(Duration expireAfter, List<StepDefinition> steps, String plan) {
        if (expireAfter.compareTo(steps.get(steps.size() - 1).offset()) <= 0) {
            throw new IllegalArgumentException("expireAfter must be later than the last step of " + plan);
        }
    }

    private static void checkExperiments(List<Experiment> experiments, Map<SequenceType, SequencePolicy> policies,
                                         Duration expireAfter) {
        Set<String> ids = new HashSet<>();
        Set<SequenceType> covered = new HashSet<>();
        for (Experiment experiment : experiments) {
            if (!ids.add(experiment.id())) {
                throw new IllegalArgumentException("experiments must have unique ids, " + experiment.id() + " repeats");
            }
            for (SequenceType type : SequenceType.values()) {
                if (!experiment.appliesTo(type)) {
                    continue;
                }
                if (!covered.add(type)) {
                    throw new IllegalArgumentException("experiments: more than one experiment runs on " + type);
                }
                for (var variant : experiment.variants()) {
                    checkExpiry(expireAfter, experiment.plan(variant.name(), policies.get(type)),
                            experiment.label(variant.name()));
                }
            }
        }
    }

    private static void nonNegative(Duration value, String field) {
        Checks.notNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
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
        builder.quietHours = quietHours;
        builder.sendWindow = sendWindow;
        builder.defaultSendTime = defaultSendTime;
        builder.attributionWindow = attributionWindow;
        builder.experiments.addAll(experiments);
        builder.templateOverrides.putAll(templateOverrides);
        builder.retention = retention;
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
        private final Map<SequenceType, Incentive> incentives = new EnumMap<>(SequenceType.class);
        private QuietHours quietHours = DEFAULT_QUIET_HOURS;
        private Duration sendWindow = DEFAULT_SEND_WINDOW;
        private LocalTime defaultSendTime = DEFAULT_SEND_TIME;
        private Duration attributionWindow = DEFAULT_ATTRIBUTION_WINDOW;
        private final List<Experiment> experiments = new ArrayList<>();
        private final Map<String, String> templateOverrides = new LinkedHashMap<>();
        private Duration retention = DEFAULT_RETENTION;

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

        /**
         * Gives {@code type} its built-in plan with {@code incentive} (or none) on the last step, replacing a plan
         * set before with {@link #policy}. No incentive by default: a discount needs a code only the store issues.
         */
        public Builder incentive(SequenceType type, Incentive incentive) {
            Checks.notNull(type, "type");
            if (incentive == null) {
                incentives.remove(type);
            } else {
                incentives.put(type, incentive);
            }
            policies.remove(type);
            return this;
        }

        /** Shorthand for {@code incentive(FIRST_TIME, incentive)}: first-time buyers get it in the last email. */
        public Builder firstTimeIncentive(Incentive incentive) {
            return incentive(SequenceType.FIRST_TIME, incentive);
        }

        /** Local times in which nothing is sent, for example {@code 21:00} to {@code 08:00}. */
        public Builder quietHours(LocalTime start, LocalTime end) {
            this.quietHours = new QuietHours(start, end);
            return this;
        }

        /** Sends at any hour. */
        public Builder noQuietHours() { this.quietHours = QuietHours.NONE; return this; }

        /**
         * Every step at abandonment plus its offset exactly: no quiet hours, no move to the best hour. For stores
         * that time messages themselves, and for tests.
         */
        public Builder exactTiming() {
            this.quietHours = QuietHours.NONE;
            this.sendWindow = Duration.ZERO;
            return this;
        }

        /** How far late email steps may move to the customer's best hour, either way; zero keeps exact offsets. */
        public Builder sendWindow(Duration value) { this.sendWindow = value; return this; }

        /** The best hour of customers with no engagement history. */
        public Builder defaultSendTime(LocalTime value) { this.defaultSendTime = value; return this; }

        /** How long after the last message a purchase counts as recovered. */
        public Builder attributionWindow(Duration value) { this.attributionWindow = value; return this; }

        /** Adds a running experiment. */
        public Builder experiment(Experiment experiment) {
            experiments.add(Checks.notNull(experiment, "experiment"));
            return this;
        }

        /** Replaces the built-in template {@code name} (see {@link #TEMPLATE_NAME}) by a mustache source. */
        public Builder templateOverride(String name, String mustacheSource) {
            templateOverrides.put(Checks.notNull(name, "name"), Checks.notNull(mustacheSource, "mustacheSource"));
            return this;
        }

        /** How long ended sequences, their events and inactive carts are kept; see {@link StoreSettings#retention}. */
        public Builder retention(Duration value) { this.retention = Checks.notNull(value, "retention"); return this; }

        public StoreSettings build() {
            Map<SequenceType, SequencePolicy> resolved = new EnumMap<>(SequenceType.class);
            for (SequenceType type : SequenceType.values()) {
                SequencePolicy policy = policies.get(type);
                resolved.put(type, policy != null ? policy : defaultPolicy(type, incentives.get(type)));
            }
            return new StoreSettings(storeId, locale, timeZone, abandonAfter, requireMarketingConsent,
                    highValueThreshold, lowStockThreshold, expireAfter, resolved, quietHours, sendWindow,
                    defaultSendTime, attributionWindow, experiments, templateOverrides, retention);
        }
    }
}

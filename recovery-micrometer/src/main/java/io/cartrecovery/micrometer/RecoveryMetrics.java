package io.cartrecovery.micrometer;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.StopReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The engine's meters: register it with {@link RecoveryEngine.Builder#listener}, hand it the built engine with
 * {@link #monitor} for the lag and in-flight gauges, and bind it to one or more registries ({@link #bindTo}).
 * Counts start when a registry is bound. The meters are listed in the README ("Operating it").
 *
 * <pre>{@code
 * RecoveryMetrics metrics = RecoveryMetrics.builder().build();
 * RecoveryEngine engine = RecoveryEngine.builder().listener(metrics) ... .build();
 * metrics.monitor(engine).bindTo(registry);
 * }</pre>
 */
public final class RecoveryMetrics implements RecoveryListener, MeterBinder {
    /** How long one read of {@link RecoveryEngine#health()} serves the gauges. */
    public static final Duration DEFAULT_HEALTH_CACHE = Duration.ofSeconds(1);

    static final String STEPS = "cartrecovery.steps";
    static final String STARTED = "cartrecovery.sequences.started";
    static final String ENDED = "cartrecovery.sequences.ended";
    static final String FALLBACK = "cartrecovery.messages.fallback";
    static final String WRITE = "cartrecovery.message.write";
    static final String SEND = "cartrecovery.message.send";
    static final String LAG = "cartrecovery.due.lag";
    static final String IN_FLIGHT = "cartrecovery.steps.in.flight";
    static final String RUNNING = "cartrecovery.scheduler.running";
    /** The reason tag of a skip or failure whose recorded reason is none of {@link #REASONS}. */
    static final String OTHER = "OTHER";
    /** Every skip and failure reason the engine records: the {@code reason} tag takes no other value. */
    static final Set<String> REASONS = Set.of("HOLDOUT", "CART_OR_CUSTOMER_MISSING", "CHANNEL_UNREACHABLE",
            "NO_SENDER", "OVERTAKEN", "NO_EMAIL", "NO_CONSENT", "SUPPRESSED", "NO_STOREFRONT_TOKEN", "QUIET_HOURS",
            "RETRIES_EXHAUSTED", "GAVE_WAY_TO_NEXT_STEP", "PERMANENT_FAILURE", "RUN_FAILED");
    private static final Set<String> STOP_REASONS = java.util.Arrays.stream(StopReason.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();
    private final boolean tagStoreId;
    private final HealthCache health;

    private RecoveryMetrics(Builder builder) {
        this.tagStoreId = builder.tagStoreId;
        this.health = new HealthCache(builder.clock, builder.healthCache);
        TimeGauge.builder(LAG, health, TimeUnit.SECONDS, h -> h.read(x -> x.lag().toNanos() / 1e9))
                .description("How long the oldest due work has waited (0 when nothing is due)").register(registry);
        Gauge.builder(IN_FLIGHT, health, h -> h.read(x -> x.inFlight()))
                .description("Steps this node holds: picked, queued or running").baseUnit("steps").register(registry);
        Gauge.builder(RUNNING, health, h -> h.read(x -> x.running() ? 1 : 0))
                .description("1 while the scheduler runs, 0 once it stopped").register(registry);
    }

    /** A builder: the store id is not a tag unless asked for. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads the lag and in-flight gauges from {@code engine}'s health (cached, see {@link Builder#healthCache}). */
    public RecoveryMetrics monitor(RecoveryEngine engine) {
        health.source(Objects.requireNonNull(engine, "engine"));
        return this;
    }

    @Override
    public void bindTo(MeterRegistry target) {
        registry.add(Objects.requireNonNull(target, "registry"));
    }

    @Override
    public void onEvent(Notice notice) {
        RecoveryEvent event = notice.event();
        switch (event.type()) {
            case STEP_SENT -> step(event, notice.channel(), "sent", null);
            case STEP_SKIPPED -> step(event, notice.channel(), "skipped", reason(event.detail()));
            case STEP_FAILED -> step(event, notice.channel(), "failed", reason(event.detail()));
            case STEP_RETRY_SCHEDULED -> step(event, notice.channel(), "retry", null);
            case SEQUENCE_STARTED -> count(STARTED, event, Tags.empty());
            case SEQUENCE_STOPPED -> count(ENDED, event, Tags.of("reason", reason(event.detail(), "UNKNOWN")));
            case SEQUENCE_COMPLETED -> count(ENDED, event, Tags.of("reason", "COMPLETED"));
            case MESSAGE_FALLBACK -> count(FALLBACK, event, Tags.of("channel", channel(notice.channel())));
            default -> { }
        }
    }

    @Override
    public void onStepTimed(StepTimes times) {
        Tags tags = Tags.of("channel", channel(times.channel()),
                "result", times.result().name().toLowerCase(Locale.ROOT));
        if (tagStoreId) {
            tags = tags.and("store", times.storeId());
        }
        timer(WRITE, tags, "Writing a step's message (generator and templates)").record(times.writing());
        timer(SEND, tags, "A step's send, by the sender's answer").record(times.sending());
    }

    private void step(RecoveryEvent event, Channel channel, String outcome, String reason) {
        Tags tags = Tags.of("channel", channel(channel), "outcome", outcome);
        count(STEPS, event, reason == null ? tags : tags.and("reason", reason));
    }

    private void count(String name, RecoveryEvent event, Tags tags) {
        Tags all = tagStoreId ? tags.and("store", event.storeId()) : tags;
        counters.computeIfAbsent(new MeterKey(name, all),
                key -> Counter.builder(name).tags(all).register(registry)).increment();
    }

    private Timer timer(String name, Tags tags, String description) {
        return timers.computeIfAbsent(new MeterKey(name, tags),
                key -> Timer.builder(name).description(description).tags(tags).register(registry));
    }

    private static String channel(Channel channel) {
        return channel == null ? "none" : channel.name().toLowerCase(Locale.ROOT);
    }

    private static String reason(String detail) {
        return reason(detail, OTHER);
    }

    /** The recorded reason up to its first colon, when it is one of the known ones. */
    private static String reason(String detail, String otherwise) {
        if (detail == null) {
            return otherwise;
        }
        int colon = detail.indexOf(':');
        String head = colon < 0 ? detail : detail.substring(0, colon);
        return REASONS.contains(head) || STOP_REASONS.contains(head) ? head : otherwise;
    }

    private record MeterKey(String name, Tags tags) {
    }

    /** Options of {@link RecoveryMetrics}. */
    public static final class Builder {
        private boolean tagStoreId;
        private Clock clock = Clock.systemUTC();
        private Duration healthCache = DEFAULT_HEALTH_CACHE;

        private Builder() {
        }

        /** Adds a {@code store} tag to every counter and timer: one series per store, so mind the cardinality. */
        public Builder tagStoreId(boolean value) {
            this.tagStoreId = value;
            return this;
        }

        /** How long one health read serves the gauges; default {@link #DEFAULT_HEALTH_CACHE}. */
        public Builder healthCache(Duration value) {
            if (Objects.requireNonNull(value, "healthCache").isNegative()) {
                throw new IllegalArgumentException("healthCache must not be negative");
            }
            this.healthCache = value;
            return this;
        }

        /** The clock that ages the cached health; default the system clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public RecoveryMetrics build() {
            return new RecoveryMetrics(this);
        }
    }
}

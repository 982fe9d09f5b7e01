package io.cartrecovery.micrometer;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RetryPolicy;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.EventType;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecoveryMetricsTest {
    private static final String STORE = "metrics-store";

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecordingSender popup = new RecordingSender(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RecoveryEngine engine(RecoveryMetrics metrics) {
        RecoveryEngine.Builder builder = RecoveryEngine.builder().clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(3))
                .retryPolicy(new RetryPolicy(2, Duration.ofMinutes(1), 2.0, Duration.ofMinutes(5), 0.0))
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, popup)
                .configureStore(StoreSettings.builder(STORE).exactTiming().build())
                .listener(metrics);
        RecoveryEngine engine = builder.build();
        metrics.monitor(engine).bindTo(registry);
        return engine;
    }

    private void abandon(RecoveryEngine engine, String cartId, String customerId) {
        engine.cartUpdated(Fixtures.cart(STORE, cartId, customerId, clock.instant()),
                Fixtures.customer(STORE, customerId));
        engine.cartAbandoned(STORE, cartId, clock.instant()).orElseThrow();
    }

    private double steps(String channel, String outcome) {
        return registry.find("cartrecovery.steps").tags("channel", channel, "outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void countsStepsByChannelAndOutcomeAndSequencesByHowTheyEnded() {
        RecoveryEngine engine = engine(RecoveryMetrics.builder().clock(clock).build());
        abandon(engine, "c1", "u1");
        abandon(engine, "c2", "u2");
        email.failTransiently(1);

        scheduler.advance(Duration.ofHours(2).plusMinutes(5));
        engine.orderPlaced(new Order(STORE, "o1", "c1", "u1", new BigDecimal("171.50"), clock.instant()));
        scheduler.advance(Duration.ofDays(4));

        assertThat(steps("popup", "sent")).isEqualTo(2);
        assertThat(steps("email", "retry")).isEqualTo(1);
        assertThat(steps("email", "sent")).isEqualTo(1 + 1 + 3); // c1 at 2h after its retry; c2 all four
        assertThat(registry.get("cartrecovery.sequences.started").counter().count()).isEqualTo(2);
        assertThat(registry.get("cartrecovery.sequences.ended").tag("reason", "PURCHASED").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("cartrecovery.sequences.ended").tag("reason", "COMPLETED").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("cartrecovery.steps").tagKeys("reason").counters()).isEmpty();
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("store")).isNull());
    }

    @Test
    void skipsAndFailuresCarryTheirReasonFromABoundedSet() {
        RecoveryEngine engine = engine(RecoveryMetrics.builder().clock(clock).build());
        email.failPermanently();
        abandon(engine, "c1", "u1");
        engine.cartUpdated(Fixtures.cart(STORE, "c2", "u2", clock.instant()), new Customer(STORE, "u2", null,
                "Sam", Locale.US, ZoneId.of("UTC"), 0, BigDecimal.ZERO, true));
        engine.cartAbandoned(STORE, "c2", clock.instant()).orElseThrow();

        scheduler.advance(Duration.ofDays(4));

        assertThat(registry.get("cartrecovery.steps").tags("channel", "email", "outcome", "skipped",
                "reason", "NO_EMAIL").counter().count()).isEqualTo(4);
        assertThat(registry.get("cartrecovery.steps").tags("channel", "email", "outcome", "failed",
                "reason", "PERMANENT_FAILURE").counter().count()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.sequences.ended").tag("reason", "UNREACHABLE").counter().count())
                .isEqualTo(1);
    }

    @Test
    void anUnknownReasonBecomesOtherAndFallbacksAreCounted() {
        RecoveryMetrics metrics = RecoveryMetrics.builder().build();
        metrics.bindTo(registry);
        RecoveryEvent failed = new RecoveryEvent(STORE, EventType.STEP_FAILED, "s1", "c1", "u1", "EMAIL_2H", null,
                null, "cust-42@example.com bounced", T0);
        RecoveryEvent fallback = new RecoveryEvent(STORE, EventType.MESSAGE_FALLBACK, "s1", "c1", "u1", "EMAIL_2H",
                null, null, "OpenAiException", T0);

        metrics.onEvent(new RecoveryListener.Notice(failed, null, Channel.EMAIL));
        metrics.onEvent(new RecoveryListener.Notice(fallback, null, Channel.EMAIL));

        assertThat(registry.get("cartrecovery.steps").tag("reason", "OTHER").counter().count()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.messages.fallback").tag("channel", "email").counter().count())
                .isEqualTo(1);
    }

    @Test
    void timesWritesAndSendsByChannelAndResult() {
        RecoveryEngine engine = engine(RecoveryMetrics.builder().clock(clock).build());
        email.failTransiently(1);
        abandon(engine, "c1", "u1");

        scheduler.advance(Duration.ofHours(2).plusMinutes(5));

        assertThat(registry.get("cartrecovery.message.send").tags("channel", "email", "result", "delivered")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.message.send").tags("channel", "email", "result",
                "transient_failure").timer().count()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.message.write").tags("channel", "popup").timer().count()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.message.write").timer().getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void tagsTheStoreOnlyWhenAskedTo() {
        RecoveryEngine engine = engine(RecoveryMetrics.builder().clock(clock).tagStoreId(true).build());
        abandon(engine, "c1", "u1");

        scheduler.advance(Duration.ofHours(1).plusMinutes(1));

        assertThat(registry.get("cartrecovery.sequences.started").tag("store", STORE).counter().count()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.steps").tags("store", STORE, "outcome", "sent").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("cartrecovery.message.send").tag("store", STORE).timer().count()).isEqualTo(1);
    }

    @Test
    void gaugesReadTheEngineHealthLazilyAndAtMostOnceASecond() {
        RecoveryEngine engine = engine(RecoveryMetrics.builder().clock(clock).build());
        abandon(engine, "c1", "u1");
        assertThat(registry.get("cartrecovery.due.lag").timeGauge().value(TimeUnit.SECONDS)).isZero();
        assertThat(registry.get("cartrecovery.scheduler.running").gauge().value()).isEqualTo(1);
        assertThat(registry.get("cartrecovery.steps.in.flight").gauge().value()).isZero();

        clock.set(T0.plus(Duration.ofHours(2)));            // the popup, due at +1h, waits: nothing runs it
        assertThat(registry.get("cartrecovery.due.lag").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(3600);
        clock.advance(Duration.ofMillis(900));              // within the cache: the same reading
        assertThat(registry.get("cartrecovery.due.lag").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(3600);
        clock.advance(Duration.ofMillis(200));
        assertThat(registry.get("cartrecovery.due.lag").timeGauge().value(TimeUnit.SECONDS))
                .isCloseTo(3601.1, within(1e-6));
    }

    @Test
    void gaugesShowNoValueWhileTheHealthReadFails() {
        RecoveryEngine broken = (RecoveryEngine) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RecoveryEngine.class}, (proxy, method, args) -> {
                    throw new io.cartrecovery.core.StoreAccessException("database down", null);
                });
        RecoveryMetrics.builder().clock(clock).build().monitor(broken).bindTo(registry);

        assertThat(registry.get("cartrecovery.due.lag").timeGauge().value()).isNaN();
        assertThat(registry.get("cartrecovery.steps.in.flight").gauge().value()).isNaN();
    }

    @Test
    void gaugesShowNoValueBeforeAnEngineIsMonitored() {
        RecoveryMetrics.builder().build().bindTo(registry);

        assertThat(registry.get("cartrecovery.due.lag").timeGauge().value()).isNaN();
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .allMatch(name -> name.startsWith("cartrecovery."));
    }
}

package io.cartrecovery.spring;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EngineHealth;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import io.cartrecovery.micrometer.RecoveryMetrics;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import io.cartrecovery.smtp.SmtpSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class CartRecoveryAutoConfigurationTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-very-secret";

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(CartRecoveryAutoConfiguration.class, CartRecoveryOperationsAutoConfiguration.class));

    private ApplicationContextRunner memory() {
        return runner.withPropertyValues("cartrecovery.store=memory");
    }

    @Test
    void withoutADataSourceTheEngineRunsInMemoryOnlyWhenAskedTo() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RecoveryEngine.class)
                .doesNotHaveBean(RecoveryStore.class));
        memory().run(context -> {
            assertThat(context).hasSingleBean(RecoveryEngine.class).doesNotHaveBean(JdbcRecoveryStore.class)
                    .doesNotHaveBean(Scheduler.class);
            assertThat(context.getBean(RecoveryEngine.class).health().running()).isTrue();
        });
    }

    @Test
    void onTheApplicationsDataSourceItBuildsTheJdbcStoreAndItsScheduler() {
        JdbcScheduler[] scheduler = new JdbcScheduler[1];
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter-jdbc;DB_CLOSE_DELAY=-1",
                        "cartrecovery.jdbc.workers=2")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcRecoveryStore.class).hasSingleBean(JdbcScheduler.class)
                            .hasSingleBean(RecoveryEngine.class);
                    assertThat(context.getBean(RecoveryEngine.class).health().running()).isTrue();
                    scheduler[0] = context.getBean(JdbcScheduler.class);
                });
        assertThat(scheduler[0].health().running()).as("stopped with the context").isFalse();
    }

    @Test
    void theApplicationsOwnBeansWin() {
        memory().withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context.getBean(RecoveryStore.class)).isSameAs(OwnBeans.STORE);
            assertThat(context.getBean(Clock.class)).isSameAs(OwnBeans.CLOCK);
            assertThat(context).hasSingleBean(RecoveryEngine.class);
        });
        memory().withBean(RecoveryEngine.class, () -> RecoveryEngine.builder().store(RecoveryStore.inMemory())
                .build()).run(context -> assertThat(context).hasSingleBean(RecoveryEngine.class)
                .hasNotFailed());
    }

    @Test
    void storesComeFromProperties() {
        memory().withPropertyValues("cartrecovery.stores.berlin.locale=de-DE",
                "cartrecovery.stores.berlin.time-zone=Europe/Berlin",
                "cartrecovery.stores.berlin.quiet-start=22:00", "cartrecovery.stores.berlin.quiet-end=07:30")
                .run(context -> {
                    StoreSettings settings = context.getBean(RecoveryStore.class).settings("berlin").orElseThrow();
                    assertThat(settings.locale()).isEqualTo(Locale.GERMANY);
                    assertThat(settings.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
                    assertThat(settings.quietHours()).isEqualTo(
                            new StoreSettings.QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 30)));
                });
    }

    @Test
    void smtpOpenAiAndLinksOnlyWhenConfiguredAndTheirSecretsNeverShow() {
        memory().run(context -> assertThat(context).doesNotHaveBean(SmtpSender.class)
                .doesNotHaveBean(MessageGenerator.class).doesNotHaveBean(SignedLinks.class));
        memory().withPropertyValues("cartrecovery.smtp.host=smtp.example.com", "cartrecovery.smtp.port=2525",
                        "cartrecovery.smtp.security=none", "cartrecovery.smtp.username=mailer",
                        "cartrecovery.smtp.password=" + SECRET,
                        "cartrecovery.smtp.stores.s1.from=shop@example.com",
                        "cartrecovery.openai.api-key=sk-" + SECRET,
                        "cartrecovery.links.secret=" + SECRET,
                        "cartrecovery.links.stores.s1.base-url=https://app.example.com/recovery/s1",
                        "cartrecovery.links.stores.s1.redirect-host=shop.example.com")
                .run(context -> {
                    assertThat(context).hasSingleBean(SmtpSender.class).hasSingleBean(OpenAiMessageGenerator.class)
                            .hasSingleBean(SignedLinks.class);
                    assertThat(context.getBean(SmtpSender.class).toString()).doesNotContain(SECRET);
                    assertThat(context.getBean(OpenAiMessageGenerator.class).toString()).doesNotContain(SECRET);
                    assertThat(context.getBean(CartRecoveryProperties.class).toString()).doesNotContain(SECRET)
                            .contains("smtp.example.com");
                });
    }

    @Test
    void anEmailSenderBeanOfTheApplicationIsTheEmailChannel() {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        RecordingSender email = new RecordingSender(clock);
        memory().withBean(SettableClock.class, () -> clock).withBean(Scheduler.class, () -> scheduler)
                .withBean(RecordingSender.class, () -> email)
                .withPropertyValues("cartrecovery.stores.s1.locale=en-US")
                .run(context -> {
                    RecoveryEngine engine = context.getBean(RecoveryEngine.class);
                    engine.cartUpdated(Fixtures.cart("s1", "c1", "u1", T0), Fixtures.customer("s1", "u1"));
                    engine.cartAbandoned("s1", "c1", T0);
                    scheduler.advance(Duration.ofHours(30));
                    assertThat(email.sent()).isNotEmpty();
                    assertThat(email.sent().get(0).delivery().channel()).isEqualTo(Channel.EMAIL);
                });
    }

    @Test
    void theHealthIndicatorReportsTheEngineAndGoesDownWhenWorkWaitsTooLong() {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        memory().withBean(SettableClock.class, () -> clock).withBean(Scheduler.class, () -> scheduler)
                .withPropertyValues("cartrecovery.health-lag-threshold=10m", "cartrecovery.stores.s1.locale=en-US")
                .run(context -> {
                    HealthIndicator indicator = context.getBean("cartRecoveryHealthIndicator", HealthIndicator.class);
                    Health up = indicator.health(true);
                    assertThat(up.getStatus()).isEqualTo(Status.UP);
                    assertThat(up.getDetails()).containsKeys("running", "lastPoll", "inFlight", "oldestDueAt",
                            "lag", "lagThreshold");

                    RecoveryEngine engine = context.getBean(RecoveryEngine.class);
                    engine.cartUpdated(Fixtures.cart("s1", "c1", "u1", T0), Fixtures.customer("s1", "u1"));
                    Instant dueAt = engine.cartAbandoned("s1", "c1", T0).orElseThrow().dueAt();
                    clock.set(dueAt.plus(Duration.ofMinutes(11)));   // nothing runs the due popup: it waits 11 minutes
                    Health down = indicator.health(true);
                    assertThat(down.getStatus()).as(down.getDetails().toString()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("lag", "PT11M");
                });
        memory().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean("cartRecoveryHealthIndicator"));
    }

    @Test
    void metricsAreBoundWhenTheApplicationHasAMeterRegistry() {
        memory().run(context -> assertThat(context).doesNotHaveBean(RecoveryMetrics.class));
        memory().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(RecoveryMetrics.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("cartrecovery.due.lag").timeGauge().value()).isZero();
                    assertThat(registry.get("cartrecovery.scheduler.running").gauge().value()).isEqualTo(1);
                });
    }

    @Test
    void idesFindThePropertiesInTheConfigurationMetadata() throws java.io.IOException {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(metadata).contains("\"cartrecovery.store\"", "\"cartrecovery.health-lag-threshold\"",
                    "\"cartrecovery.smtp.password\"", "\"cartrecovery.openai.api-key\"",
                    "\"cartrecovery.links.secret\"", "\"cartrecovery.stores\"", "\"cartrecovery.jdbc.workers\"");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final RecoveryStore STORE = RecoveryStore.inMemory();
        static final Clock CLOCK = SettableClock.at(T0);

        @Bean
        RecoveryStore myStore() {
            return STORE;
        }

        @Bean
        Clock myClock() {
            return CLOCK;
        }
    }
}

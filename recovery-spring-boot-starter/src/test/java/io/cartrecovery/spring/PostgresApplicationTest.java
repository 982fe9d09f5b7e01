package io.cartrecovery.spring;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A Spring Boot application on PostgreSQL: the starter alone builds an engine that receives events and sends. */
@ExtendWith(PostgresSchemaExtension.class)   // first, so that the schema is dropped after the context closed
@SpringBootTest(classes = PostgresApplicationTest.App.class, properties = {
        "spring.flyway.enabled=false",   // the starter alone, with its built-in migration
        "cartrecovery.jdbc.poll-interval=50ms",
        "cartrecovery.stores.boot-store.quiet-start=00:00", "cartrecovery.stores.boot-store.quiet-end=00:00"})
@DirtiesContext
class PostgresApplicationTest {
    private static final String STORE = "boot-store";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> PostgresSchemaExtension.URL + "?currentSchema=" + PostgresSchemaExtension.schema());
        registry.add("spring.datasource.username", () -> PostgresSchemaExtension.USER);
    }

    @Autowired
    RecoveryEngine engine;
    @Autowired
    RecoveryStore store;
    @Autowired
    SettableClock clock;
    @Autowired
    Recorder recorder;

    @Test
    void receivesEventsAndSendsTheStepsAsTheirTimeComes() throws InterruptedException {
        assertThat(store).isInstanceOf(JdbcRecoveryStore.class);
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        String sequenceId = engine.cartAbandoned(STORE, "c1", T0).orElseThrow().id();

        clock.set(T0.plus(Duration.ofHours(1)));
        recorder.await(r -> r.events().stream().anyMatch(e -> e.type() == EventType.STEP_SENT), DEADLINE);
        clock.set(T0.plus(Duration.ofHours(2)));
        recorder.await(r -> !r.deliveries().isEmpty(), DEADLINE);

        assertThat(recorder.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.channel()).isEqualTo(Channel.EMAIL);
            assertThat(delivery.idempotencyKey()).isEqualTo(sequenceId + ":EMAIL_2H");
        });
        assertThat(engine.health().running()).isTrue();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SettableClock clock() {
            return SettableClock.at(T0);
        }

        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }
}

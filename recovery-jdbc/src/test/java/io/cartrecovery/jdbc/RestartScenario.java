package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** An engine stops mid-sequence; a new one on the same database finishes every sequence, no step lost or repeated. */
abstract class RestartScenario {
    private static final String STORE = "shop";
    private static final int CARTS = 60;

    /** An empty, migrated database shared by both engines. */
    abstract DataSource dataSource();

    @Test
    void aNewEngineOnTheSameDatabaseFinishesEverySequence() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        CountingSender sender = new CountingSender(7, 0.1);
        List<StepDefinition> steps = SequencePolicy.defaults(SequenceType.FIRST_TIME).steps();

        try (Node first = new Node(dataSource(), clock, sender, Duration.ofMinutes(5), "first")) {
            first.engine.configureStore(StoreSettings.builder(STORE).exactTiming().build());
            for (int i = 0; i < CARTS; i++) {
                first.engine.cartUpdated(Fixtures.cart(STORE, "c" + i, "u" + i, T0), Fixtures.customer(STORE, "u" + i));
            }
            Node.drive(List.of(first), clock, dataSource(), T0.plus(Duration.ofHours(25)), Duration.ofMinutes(1),
                    () -> { });
        }
        List<RecoverySequence> midway = sequences();
        assertThat(midway).hasSize(CARTS).allMatch(RecoverySequence::isActive)
                .allMatch(s -> s.nextStep() == 3);

        try (Node second = new Node(dataSource(), clock, sender, Duration.ofMinutes(5), "second")) {
            Node.drive(List.of(second), clock, dataSource(), T0.plus(Duration.ofDays(5)), Duration.ofMinutes(1),
                    () -> { });
        }

        List<RecoverySequence> done = sequences();
        assertThat(done).hasSize(CARTS).allMatch(s -> s.status() == SequenceStatus.COMPLETED);
        for (RecoverySequence sequence : done) {
            assertThat(sequence.outcomes()).extracting(StepOutcome::status).containsOnly(StepStatus.SENT);
            for (StepDefinition step : steps) {
                assertThat(sender.deliveries(sequence.idempotencyKey(step)))
                        .as(sequence.idempotencyKey(step)).isEqualTo(1);
            }
        }
        assertThat(sender.delivered()).hasSize(CARTS * steps.size());
        assertThat(sender.attempts()).isGreaterThan(CARTS * steps.size()); // failures were retried
    }

    /**
     * The README's first set-up: an engine built on the store with no {@code .scheduler(...)}. It gets the store's
     * durable scheduler, so the engine built after a restart finds the due work in the database.
     */
    @Test
    void anEngineOnTheStoresDefaultSchedulerFindsItsWorkAgainAfterARestart() throws Exception {
        SettableClock clock = SettableClock.at(T0);
        BlockingQueue<String> sent = new LinkedBlockingQueue<>();
        Sender recording = delivery -> {
            sent.add(delivery.idempotencyKey());
            return SendResult.delivered();
        };
        String store = "default-scheduler";
        List<StepDefinition> steps = SequencePolicy.defaults(SequenceType.FIRST_TIME).steps();
        RecoverySequence sequence;
        try (RecoveryEngine first = defaultEngine(store, clock, recording)) {
            first.cartUpdated(Fixtures.cart(store, "c1", "u1", T0), Fixtures.customer(store, "u1"));
            sequence = first.cartAbandoned(store, "c1", T0).orElseThrow();
            clock.set(sequence.plannedAt(steps.get(0)));
            assertThat(sent.poll(20, TimeUnit.SECONDS)).isEqualTo(sequence.idempotencyKey(steps.get(0)));
        }
        try (RecoveryEngine second = defaultEngine(store, clock, recording)) {
            for (StepDefinition step : steps.subList(1, steps.size())) {
                clock.set(sequence.plannedAt(step));
                assertThat(sent.poll(20, TimeUnit.SECONDS)).as(step.id()).isEqualTo(sequence.idempotencyKey(step));
            }
        }
        assertThat(sent).isEmpty();
    }

    private RecoveryEngine defaultEngine(String store, SettableClock clock, Sender sender) {
        return RecoveryEngine.builder()
                .store(JdbcRecoveryStore.builder(dataSource()).clock(clock).build())
                .clock(clock).sender(Channel.EMAIL, sender).sender(Channel.POPUP, sender)
                .configureStore(StoreSettings.builder(store).exactTiming().build())
                .build();
    }

    private List<RecoverySequence> sequences() {
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource()).migrate(false).build();
        List<RecoverySequence> all = new ArrayList<>();
        for (int i = 0; i < CARTS; i++) {
            all.addAll(store.sequencesOfCart(STORE, "c" + i));
        }
        return all;
    }
}

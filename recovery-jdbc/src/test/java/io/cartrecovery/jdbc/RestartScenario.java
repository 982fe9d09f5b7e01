package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StepStatus;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.StepOutcome;
import io.cartrecovery.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cartrecovery.core.testing.Fixtures.T0;
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

    private List<RecoverySequence> sequences() {
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource()).migrate(false).build();
        List<RecoverySequence> all = new ArrayList<>();
        for (int i = 0; i < CARTS; i++) {
            all.addAll(store.sequencesOfCart(STORE, "c" + i));
        }
        return all;
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A node that dies while it holds work: another node finishes it once the lease or pick runs out. */
abstract class CrashScenario {
    private static final String STORE = "shop";
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Instant FIRST_STEP = T0.plus(Duration.ofHours(1));

    private final SettableClock clock = SettableClock.at(T0);
    private final CountingSender sender = new CountingSender(1, 0.0);
    private Node survivor;
    private RecoverySequence sequence;

    /**
     * A node's view of the database that is cut off for good once {@code dead} is set: the node "dies" between
     * the send and the completion of a step (neither the completion nor anything after it reaches the database).
     */
    private static DataSource dying(DataSource real, AtomicBoolean dead) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (dead.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("simulated crash: the node is gone");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The test class's database. */
    abstract DataSource dataSource();

    /** Empties its data tables. */
    abstract void truncate() throws SQLException;

    @BeforeEach
    void startSequence() throws SQLException {
        truncate();
        survivor = new Node(dataSource(), clock, sender, LEASE, "survivor");
        survivor.engine.configureStore(StoreSettings.builder(STORE).exactTiming().build());
        survivor.engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        sequence = survivor.engine.cartAbandoned(STORE, "c1", T0).orElseThrow();
    }

    @AfterEach
    void stop() {
        survivor.close();
    }

    @Test
    void aNodeThatDiesAfterSendingLeavesAtMostOneDuplicateWithTheSameKey() throws Exception {
        AtomicBoolean dead = new AtomicBoolean();
        Sender sendThenDie = delivery -> {
            SendResult result = sender.send(delivery);
            dead.set(true);
            return result;
        };
        clock.set(FIRST_STEP);
        try (Node doomed = new Node(dying(dataSource(), dead), clock, sendThenDie, LEASE, "doomed")) {
            assertThat(doomed.scheduler.pollOnce()).isEqualTo(1);
        }
        String popupKey = sequence.idempotencyKey(sequence.plan().get(0));
        assertThat(sender.deliveries(popupKey)).isEqualTo(1);

        clock.set(FIRST_STEP.plus(LEASE).minusSeconds(1));
        assertThat(survivor.scheduler.pollOnce()).as("the lease still holds").isZero();
        clock.set(FIRST_STEP.plus(LEASE));
        assertThat(survivor.scheduler.pollOnce()).isEqualTo(1);

        assertThat(sender.deliveries(popupKey)).as("one duplicate, same idempotency key").isEqualTo(2);
        RecoverySequence after = survivor.store.sequence(STORE, sequence.id()).orElseThrow();
        assertThat(after.nextStep()).isEqualTo(1);
        assertThat(after.outcomes().get(0).attempts()).isEqualTo(2);
        finishAndExpectEachLaterStepOnce(1);
    }

    @Test
    void aNodeThatDiesAfterClaimingBeforeSendingHasTheStepSentOnceByAnother() throws Exception {
        clock.set(FIRST_STEP);
        RecoverySequence stored = survivor.store.sequence(STORE, sequence.id()).orElseThrow();
        // The dead node's claim: it never sends nor completes.
        assertThat(survivor.store.compareAndSet(stored, stored.claim(FIRST_STEP, LEASE), List.of())).isTrue();

        assertThat(survivor.scheduler.pollOnce()).isZero();
        clock.set(FIRST_STEP.plus(LEASE));
        assertThat(survivor.scheduler.pollOnce()).isEqualTo(1);

        finishAndExpectEachLaterStepOnce(0);
    }

    @Test
    void timersANodeTookButNeverRanAreTakenByAnotherWhenThePickRunsOut() throws Exception {
        clock.set(FIRST_STEP);
        TimerPicker deadNode = survivor.store.timers();
        assertThat(deadNode.pick(FIRST_STEP, FIRST_STEP.plusSeconds(60), "dead", 10))
                .containsExactly(TimerKey.sequence(STORE, sequence.id()));

        assertThat(survivor.scheduler.pollOnce()).isZero();
        clock.set(FIRST_STEP.plusSeconds(60));
        assertThat(survivor.scheduler.pollOnce()).isEqualTo(1);

        finishAndExpectEachLaterStepOnce(0);
    }

    /** Runs the sequence to its end on the survivor; every step from {@code from} on is delivered exactly once. */
    private void finishAndExpectEachLaterStepOnce(int from) throws Exception {
        Node.drive(List.of(survivor), clock, dataSource(), T0.plus(Duration.ofDays(5)), Duration.ofMinutes(1), () -> { });
        assertThat(survivor.store.sequence(STORE, sequence.id()).orElseThrow().status())
                .isEqualTo(SequenceStatus.COMPLETED);
        List<StepDefinition> steps = SequencePolicy.defaults(SequenceType.FIRST_TIME).steps();
        for (StepDefinition step : steps.subList(from, steps.size())) {
            assertThat(sender.deliveries(sequence.idempotencyKey(step))).as(step.id()).isEqualTo(1);
        }
        assertThat(sender.attempts()).isEqualTo(steps.size() + (from == 0 ? 0 : 1));
    }
}

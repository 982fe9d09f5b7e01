package io.cartrecovery.jdbc;

import io.cartrecovery.core.Customer;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StepContext;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.TimerKey;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The step contexts a scheduler reads in bulk right after its pick, on each dialect. */
abstract class StepContextsContract {
    private final SettableClock clock = SettableClock.at(T0);
    private JdbcRecoveryStore store;

    /** A migrated, empty store on the dialect under test, on {@link #dataSource()}. */
    abstract JdbcRecoveryStore newStore(Clock clock) throws SQLException;

    abstract DataSource dataSource();

    @BeforeEach
    void newStore() throws SQLException {
        store = newStore(clock);
    }

    private RecoverySequence start(String storeId, int i) {
        store.saveCart(Fixtures.cart(storeId, "c" + i, "u" + i, T0), null);
        store.saveCustomer(Fixtures.customer(storeId, "u" + i));
        RecoverySequence sequence = RecoverySequence.start("s" + i, Fixtures.cart(storeId, "c" + i, "u" + i, T0),
                SequenceType.FIRST_TIME, null, SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0,
                T0.plusSeconds(3600), T0);
        store.insert(sequence, List.of());
        return sequence;
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aBulkReadAgreesWithOneReadPerStepAcrossStoresAndPickSizes() throws SQLException {
        List<TimerKey> keys = new ArrayList<>();
        List<StepContext> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) { // more than one bulk read, a size that needs padding
            String storeId = i % 3 == 0 ? "other" : "shop";
            start(storeId, i);
            if (i % 7 == 0) {
                store.suppress(storeId, SuppressionKey.email(Fixtures.customer(storeId, "u" + i).email()), "BOUNCE", T0);
            }
            if (i % 11 == 0) {
                store.deleteCart(storeId, "c" + i);
            }
            keys.add(TimerKey.sequence(storeId, "s" + i));
            expected.add(store.stepContext(storeId, "s" + i).orElseThrow());
        }
        keys.add(TimerKey.sequence("shop", "missing"));
        keys.add(TimerKey.cart("shop", "c1"));

        store.stepContexts().prefetch(keys);
        sql("DELETE FROM cr_sequence"); // from here on, only the prefetch can answer

        List<StepContext> prefetched = new ArrayList<>();
        for (TimerKey key : keys.subList(0, 150)) {
            prefetched.add(store.stepContext(key.storeId(), key.id()).orElseThrow());
        }
        assertThat(prefetched).isEqualTo(expected);
        assertThat(expected).filteredOn(StepContext::emailSuppressed).hasSize(22);
        assertThat(expected).filteredOn(context -> context.cart() == null).hasSize(14);
        assertThat(store.stepContext("shop", "missing")).isEmpty();
    }

    @Test
    void aPrefetchedContextServesOneStepWithoutAQueryThenTheRowIsReadAgain() throws SQLException {
        start("shop", 1);
        store.stepContexts().prefetch(List.of(TimerKey.sequence("shop", "s1")));
        sql("DELETE FROM cr_sequence WHERE id = 's1'");

        assertThat(store.stepContext("shop", "s1")).as("served from the prefetch").isPresent();
        assertThat(store.stepContext("shop", "s1")).as("read again").isEmpty();
    }

    @Test
    void aContextPrefetchedOverASecondBeforeItsStepIsReadAgain() {
        start("shop", 1);
        Customer customer = Fixtures.customer("shop", "u1");
        store.stepContexts().prefetch(List.of(TimerKey.sequence("shop", "s1")));
        store.suppress("shop", SuppressionKey.email(customer.email()), "COMPLAINT", T0);
        clock.advance(StepContexts.MAX_PREFETCH_AGE.plus(Duration.ofMillis(1)));

        assertThat(store.stepContext("shop", "s1").orElseThrow().emailSuppressed()).isTrue();
    }

    @Test
    void aForgottenContextIsReadAgain() throws SQLException {
        start("shop", 1);
        TimerKey key = TimerKey.sequence("shop", "s1");
        store.stepContexts().prefetch(List.of(key));
        store.stepContexts().forget(key);
        sql("DELETE FROM cr_sequence WHERE id = 's1'");

        assertThat(store.stepContext("shop", "s1")).isEmpty();
    }

    @Test
    void aCustomerSavedBeforeTheEmailKeyColumnIsCheckedAgainstTheSuppressionList() throws SQLException {
        start("shop", 1);
        store.suppress("shop", SuppressionKey.email(Fixtures.customer("shop", "u1").email()), "BOUNCE", T0);
        sql("UPDATE cr_customer SET email_key = NULL");
        store.stepContexts().prefetch(List.of(TimerKey.sequence("shop", "s1")));
        sql("DELETE FROM cr_sequence"); // the answer below must be the prefetched one

        assertThat(store.stepContext("shop", "s1").orElseThrow().emailSuppressed()).isTrue();
    }
}

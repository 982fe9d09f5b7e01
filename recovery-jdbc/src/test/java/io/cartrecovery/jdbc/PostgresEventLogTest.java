package io.cartrecovery.jdbc;

import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.SequenceType;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log on PostgreSQL: every write path fills the customer and analytics columns, and analytics over a
 * large log come back from the database as a few aggregated rows and equal the calculator's report.
 */
class PostgresEventLogTest {
    private static final String STORE = "shop";
    private static final int SEQUENCES = 3_000;
    @RegisterExtension
    static final PostgresSchema postgres = new PostgresSchema("eventlog", 2);

    /** Rows each analytics query returned. */
    private final List<Integer> analyticsRows = new CopyOnWriteArrayList<>();

    @Test
    void analyticsReadAFewAggregatedRowsAndAgreeWithTheCalculator() throws Exception {
        postgres.truncate();
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(recording(postgres.dataSource())).migrate(false).build();
        StoreSettings settings = StoreSettings.builder(STORE).attributionWindow(Duration.ofHours(10))
                .experiment(Experiment.of("e", 0.1, Variant.control("a", 1), Variant.control("b", 1))).build();
        store.append(log());

        for (Instant to : List.of(T0.plus(Duration.ofDays(3)), T0.plusSeconds(SEQUENCES * 15L))) {
            AnalyticsReport report = store.analytics(settings, T0, to);

            assertThat(report).isEqualTo(AnalyticsCalculator.report(settings, T0, to,
                    store.events(STORE, T0, to)));
            assertThat(report.recovery().count()).isPositive();
            assertThat(report.recoveredRevenue()).isPositive();
        }
        assertThat(store.events(STORE, T0, T0.plus(Duration.ofDays(3)))).hasSizeGreaterThan(10_000);
        // per arm and type (3 x 5), per step (2), the middle recoveries (at most 2)
        assertThat(analyticsRows).hasSize(2).allMatch(rows -> rows <= 19);
        AnalyticsReport other = store.analytics(StoreSettings.defaults("other"), T0, T0.plus(Duration.ofDays(3)));
        assertThat(other.recovery()).isEqualTo(Rate.ZERO);
        assertThat(other.recoveredRevenue()).isEqualTo(BigDecimal.ZERO);
        assertThat(other.steps()).isEmpty();
    }

    @Test
    void everyWritePathRecordsTheCustomerAndTheAnalyticsColumnsOfEachEvent() throws Exception {
        postgres.truncate();
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(postgres.dataSource()).migrate(false).build();
        RecoverySequence single = sequence("q1", "u1");
        store.insert(single, List.of(
                RecoveryEvent.of(single, EventType.SEQUENCE_STARTED, null, null, "LOW_STOCK", T0)));
        RecoverySequence claimed = single.claim(T0.plusSeconds(3600), Duration.ofMinutes(5));
        store.compareAndSet(single, claimed, List.of(
                RecoveryEvent.of(single, EventType.STEP_SKIPPED, "POPUP_1H", null, "TEST", T0.plusSeconds(3600))));
        List<RecoverySequence> batch = List.of(sequence("q2", "u2"), sequence("q3", "u3"));
        store.insertAll(batch, batch.stream()
                .map(s -> RecoveryEvent.of(s, EventType.SEQUENCE_STARTED, null, null, "BOGUS", T0)).toList());
        store.append(List.of(RecoveryEvent.of(batch.get(0), EventType.MESSAGE_OPENED, "EMAIL_2H", null, null, T0)));
        try (Connection connection = postgres.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            store.inTransaction(connection, () -> store.append(List.of(RecoveryEvent.of(batch.get(1),
                    EventType.CART_RECOVERED, null, new BigDecimal("12.500"), null, T0))));
            connection.commit();
        }

        List<String> rows = new ArrayList<>();
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT customer_id, step_id, variant, sequence_type, "
                     + "amount_scale FROM cr_event ORDER BY seq")) {
            while (found.next()) {
                rows.add(found.getString(1) + " " + found.getString(2) + " " + found.getString(3) + " "
                        + found.getString(4) + " " + found.getString(5));
            }
        }
        assertThat(rows).containsExactly("u1 null e/a LOW_STOCK null", "u1 POPUP_1H e/a null null",
                "u2 null e/a null null", "u3 null e/a null null", "u2 EMAIL_2H e/a null null",
                "u3 null e/a null 3");
    }

    private static RecoverySequence sequence(String id, String customerId) {
        return RecoverySequence.start(id, Fixtures.cart(STORE, "c-" + id, customerId, T0), SequenceType.FIRST_TIME,
                "e/a", SequencePolicy.defaults(SequenceType.FIRST_TIME).steps(), T0, T0.plusSeconds(3600), T0);
    }

    /** Sequences in three arms; every one sends, some are opened, some recover inside or outside the window. */
    private static List<RecoveryEvent> log() {
        List<RecoveryEvent> events = new ArrayList<>();
        String[] arms = {"e/a", "e/b", "e/holdout"};
        for (int i = 0; i < SEQUENCES; i++) {
            String id = "q" + i;
            Instant start = T0.plusSeconds(i * 30L);
            events.add(event(EventType.SEQUENCE_STARTED, id, null, arms[i % 3], BigDecimal.TEN,
                    SequenceType.values()[i % 4].name(), start));
            events.add(event(EventType.STEP_SENT, id, "EMAIL_2H", arms[i % 3], null, null, start.plusSeconds(7200)));
            if (i % 2 == 0) {
                events.add(event(EventType.MESSAGE_OPENED, id, "EMAIL_2H", arms[i % 3], null, null,
                        start.plusSeconds(8000)));
            }
            if (i % 20 == 15) { // a repeated send does not move the attribution window: still outside it
                events.add(event(EventType.STEP_SENT, id, "EMAIL_2H", arms[i % 3], null, null,
                        start.plusSeconds(7200 + 10 * 3600)));
            }
            if (i % 30 == 25) { // a later step's send brings the purchase into the window
                events.add(event(EventType.STEP_SENT, id, "EMAIL_24H", arms[i % 3], null, null,
                        start.plusSeconds(7200 + 5 * 3600)));
            }
            if (i % 5 == 0) {
                long after = i % 10 == 0 ? 9000 : 7200 + 11 * 3600; // inside, then outside the attribution window
                events.add(event(EventType.CART_RECOVERED, id, null, arms[i % 3], new BigDecimal(i % 97 + ".50"),
                        "order-" + i, start.plusSeconds(after)));
            }
            if (i % 20 == 0) { // a second purchase changes nothing
                events.add(event(EventType.CART_RECOVERED, id, null, arms[i % 3], BigDecimal.ONE, "again-" + i,
                        start.plusSeconds(9500)));
            }
            if (i % 7 == 3) { // a purchase with no value, of a sequence whose only send comes after it
                events.add(event(EventType.CART_RECOVERED, id + "x", null, null, null, "order-x" + i, start));
                events.add(event(EventType.SEQUENCE_STARTED, id + "y", null, null, BigDecimal.ONE, null, start));
                events.add(event(EventType.CART_RECOVERED, id + "y", null, null, null, "order-y" + i,
                        start.plusSeconds(60)));
                events.add(event(EventType.STEP_SENT, id + "y", "EMAIL_2H", null, null, null, start.plusSeconds(90)));
            }
        }
        return events;
    }

    private static RecoveryEvent event(EventType type, String sequenceId, String stepId, String variant,
                                       BigDecimal value, String detail, Instant at) {
        return new RecoveryEvent(STORE, type, sequenceId, "c-" + sequenceId, "u-" + sequenceId, stepId, variant,
                value, detail, at);
    }

    private DataSource recording(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith("WITH e AS")) {
                        return statement((PreparedStatement) result);
                    }
                    return result;
                });
    }

    private PreparedStatement statement(PreparedStatement real) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    return method.getName().equals("executeQuery") ? counting((ResultSet) result) : result;
                });
    }

    private ResultSet counting(ResultSet real) {
        int[] rows = {0};
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (method.getName().equals("next") && (Boolean) result) {
                        rows[0]++;
                    } else if (method.getName().equals("close")) {
                        analyticsRows.add(rows[0]);
                    }
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package io.cartrecovery.jdbc;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.core.analytics.AnalyticsCalculator;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.PurchaseTotal;
import io.cartrecovery.core.analytics.Rate;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.cartrecovery.test.Fixtures.T0;
import static io.cartrecovery.jdbc.RandomEventLogs.FROM;
import static io.cartrecovery.jdbc.RandomEventLogs.STORE;
import static io.cartrecovery.jdbc.RandomEventLogs.TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The analytics report in SQL equals {@link AnalyticsCalculator}'s over the same events: on random logs full of
 * edge cases, on the log the engine writes (with orders reported late), and on events written before the analytics
 * columns existed.
 */
abstract class AnalyticsScenario {

    /** A migrated database; the tests empty it first. */
    abstract DataSource dataSource();

    abstract Dialect dialect();

    /** How many random logs to compare; each is written to the database, so fewer on a server. */
    abstract int randomLogs();

    private JdbcRecoveryStore emptyStore() throws SQLException {
        Databases.truncate(dataSource(), dialect());
        return JdbcRecoveryStore.builder(dataSource()).migrate(false).build();
    }

    @Test
    void randomLogsGiveTheCalculatorsReport() throws SQLException {
        JdbcRecoveryStore store = emptyStore();
        long[] seen = new long[4]; // recoveries, purchases before any message, popup credits, conversions
        for (long seed = 0; seed < randomLogs(); seed++) {
            RandomEventLogs logs = new RandomEventLogs(seed);
            StoreSettings settings = logs.settings();
            List<RecoveryEvent> events = logs.log(20);
            Databases.truncate(dataSource(), dialect());
            store.append(events);

            for (Instant[] period : List.of(new Instant[] {FROM, TO},
                    new Instant[] {FROM.plus(Duration.ofHours(3)), TO.minus(Duration.ofHours(2))},
                    new Instant[] {FROM.minus(Duration.ofDays(1)), TO.plus(Duration.ofDays(1))},
                    new Instant[] {TO, TO})) {
                assertThat(store.analytics(settings, period[0], period[1]))
                        .as("seed %d, period %s", seed, List.of(period))
                        .isEqualTo(AnalyticsCalculator.report(settings, period[0], period[1],
                                events));
            }
            AnalyticsReport report = store.analytics(settings, FROM.minus(Duration.ofDays(1)),
                    TO.plus(Duration.ofDays(1)));
            seen[0] += report.recovery().count();
            seen[1] += report.purchasedBeforeFirstMessage().count();
            seen[2] += report.step("POPUP_1H").recoveredAfter();
            seen[3] += report.experiments().stream().mapToLong(e -> e.lift().treated().count()).sum();
        }
        assertThat(seen).as("the logs exercise every rule").doesNotContain(0L);
    }

    @Test
    void aPeriodEndingBeforeItStartsIsRejected() throws SQLException {
        JdbcRecoveryStore store = emptyStore();
        StoreSettings settings = StoreSettings.defaults(STORE);

        assertThatThrownBy(() -> store.analytics(settings, T0, T0.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to");
        assertThatThrownBy(() -> store.analytics(settings, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
    }

    @Test
    void theEnginesLogGivesTheCalculatorsReport() throws SQLException {
        JdbcRecoveryStore store = emptyStore();
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        StoreSettings settings = StoreSettings.builder(STORE).exactTiming().attributionWindow(Duration.ofHours(30))
                .experiment(Experiment.of("tone", 0.25, Variant.control("plain", 1), Variant.control("bold", 1)))
                .build();
        try (RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
                .random(new SplittableRandom(7)).sender(Channel.EMAIL, new RecordingSender(clock))
                .configureStore(settings).build()) { // popups go to the engine's inbox in the store
            int carts = 40;
            for (int i = 0; i < carts; i++) {
                engine.cartUpdated(Fixtures.cart(STORE, "c" + i, "u" + i, clock.instant()), customer(i));
                engine.cartAbandoned(STORE, "c" + i, clock.instant());
                if (i % 10 == 5) { // bought before any message
                    engine.orderPlaced(new Order(STORE, "o" + i, "c" + i, "u" + i, new BigDecimal("19.9"),
                            clock.instant()));
                }
                scheduler.advance(Duration.ofMinutes(1));
            }
            for (int hour = 1; hour <= 100; hour++) {
                scheduler.advance(Duration.ofHours(1));
                for (int i = 0; i < carts; i++) {
                    engage(engine, store, clock, i, hour);
                }
            }
        }
        Instant end = T0.plus(Duration.ofDays(5));

        for (Instant to : List.of(end, T0.plus(Duration.ofHours(26)))) {
            AnalyticsReport report = store.analytics(settings, T0, to);

            assertThat(report).isEqualTo(AnalyticsCalculator.report(settings, T0, to,
                    store.events(STORE, T0, to)));
            assertThat(report.recovery().count()).isPositive();
            assertThat(report.recoveredRevenue()).isPositive();
            assertThat(report.experiment("tone").arms()).containsKeys("plain", "bold", Experiment.HOLDOUT);
        }
        AnalyticsReport report = store.analytics(settings, T0, end);
        assertThat(report.step("POPUP_1H").opened()).isPositive();
        assertThat(report.step("EMAIL_2H").opened()).isPositive();
        assertThat(report.purchasedBeforeFirstMessage().count()).isPositive();
    }

    @Test
    void purchasesCountWhenPlacedAndOnlyAfterADeliveredMessage() throws SQLException {
        JdbcRecoveryStore store = emptyStore();
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        StoreSettings settings = StoreSettings.builder(STORE).exactTiming().attributionWindow(Duration.ofHours(12))
                .build();
        try (RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
                .sender(Channel.EMAIL, new RecordingSender(clock)).configureStore(settings).build()) {
            for (String id : List.of("a", "b", "c", "d")) {
                engine.cartUpdated(Fixtures.cart(STORE, "c" + id, "u" + id, T0), Fixtures.customer(STORE, "u" + id));
                engine.cartAbandoned(STORE, "c" + id, T0);
            }
            scheduler.advance(Duration.ofMinutes(90)); // the popups are queued at +1h
            assertThat(engine.takePopup(STORE, "sf-cb")).isPresent(); // only b's is shown, at +1h30m
            scheduler.advance(Duration.ofHours(23)); // the 2h and 24h emails went out
            engine.ordersPlaced(List.of(order("a", "30.00", T0.plus(Duration.ofHours(3))), // the 2h email's
                    order("b", "20.00", T0.plus(Duration.ofMinutes(105))),                 // the popup's
                    order("c", "7.50", T0.plus(Duration.ofMinutes(80)))));                 // popup not shown yet
            scheduler.advance(Duration.ofHours(90 - 24).minusMinutes(30)); // at +90h, the last email at +72h
            engine.orderPlaced(order("d", "11.00", T0.plus(Duration.ofHours(80)))); // within 12h of it
        }
        Instant to = T0.plus(Duration.ofDays(5));

        AnalyticsReport report = store.analytics(settings, T0, to);

        assertThat(report).isEqualTo(AnalyticsCalculator.report(settings, T0, to, store.events(STORE, T0, to)));
        assertThat(report.recovery()).isEqualTo(new Rate(3, 4));
        assertThat(report.recoveredRevenue()).isEqualByComparingTo("61.00");
        assertThat(report.purchasedBeforeFirstMessage()).isEqualTo(new PurchaseTotal(1, new BigDecimal("7.50")));
        assertThat(report.steps()).allSatisfy((id, step) -> assertThat(step.recoveredAfter())
                .isEqualTo(List.of("POPUP_1H", "EMAIL_2H", "EMAIL_72H").contains(id) ? 1 : 0));
        assertThat(report.medianTimeToRecovery()).isEqualTo(Duration.ofHours(3)); // 1h45m, 3h, 80h
        RecoverySequence a = store.sequencesOfCart(STORE, "ca").get(0);
        assertThat(a.endedAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
    }

    private static Order order(String id, String total, Instant placedAt) {
        return new Order(STORE, "o" + id, "c" + id, "u" + id, new BigDecimal(total), placedAt);
    }

    /** Customer {@code i}: first-time, returning or high-value. */
    private static Customer customer(int i) {
        Customer first = Fixtures.customer(STORE, "u" + i);
        return switch (i % 3) {
            case 0 -> first;
            case 1 -> new Customer(STORE, first.customerId(), first.email(), "Sam", Locale.US, null, 2,
                    new BigDecimal("120.00"), true);
            default -> new Customer(STORE, first.customerId(), first.email(), "Kim", Locale.US, null, 9,
                    new BigDecimal("2400.00"), true);
        };
    }

    /** At some hours, cart {@code i}'s customer sees the popup, opens an email or buys. */
    private static void engage(RecoveryEngine engine, JdbcRecoveryStore store, SettableClock clock, int i, int hour) {
        if (hour == 1 && i % 2 == 0) { // the popups went out between 1h and 1h40m, the next step is due an hour later
            engine.takePopup(STORE, "sf-c" + i);
        }
        if (hour == 3 && i % 3 == 0) {
            for (RecoverySequence sequence : store.sequencesOfCart(STORE, "c" + i)) {
                store.append(List.of(RecoveryEvent.of(sequence, EventType.MESSAGE_OPENED, "EMAIL_2H", null, null,
                        clock.instant())));
            }
        }
        if (hour == (i % 5 == 0 ? 1 : 5 + 11 * (i % 7)) && i % 4 != 3) { // some reported up to 100 minutes late
            engine.orderPlaced(new Order(STORE, "o" + i, "c" + i, "u" + i, new BigDecimal(i + ".25"),
                    clock.instant().minus(Duration.ofMinutes(50L * (i % 3)))));
        }
    }

    @Test
    void eventsWrittenBeforeTheAnalyticsColumnsCountAfterTheMigration() throws SQLException {
        JdbcRecoveryStore store = emptyStore();
        RandomEventLogs logs = new RandomEventLogs(4242);
        StoreSettings settings = logs.settings();
        List<RecoveryEvent> events = logs.log(40);
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            PrivacyMigration.undo(statement); // undoes V9, run again after V5
            for (String column : List.of("step_id", "variant", "sequence_type", "amount_scale")) {
                statement.execute("ALTER TABLE cr_event DROP COLUMN " + column); // undoes V5
            }
            statement.execute("DELETE FROM cr_schema_version WHERE version >= 5");
        }
        insertAsVersion4(events);

        assertThat(JdbcSchema.migrate(dataSource())).isEqualTo(JdbcSchema.SCRIPTS.size());

        assertThat(store.analytics(settings, FROM, TO)).isEqualTo(AnalyticsCalculator.report(settings, FROM, TO,
                events));
        assertThat(events).extracting(RecoveryEvent::stepId).contains("odd \"step\\ ü");
        assertThat(events).extracting(RecoveryEvent::type).contains(EventType.SEQUENCE_STARTED);
        assertThat(events).extracting(RecoveryEvent::value).contains(new BigDecimal("1E+1"));
    }

    /** Inserts events as schema version 4 did: without the analytics columns. */
    private void insertAsVersion4(List<RecoveryEvent> events) throws SQLException {
        Json json = new Json();
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO cr_event (store_id, sequence_id, "
                     + "customer_id, event_type, occurred_at, amount, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (RecoveryEvent event : events) {
                statement.setString(1, event.storeId());
                statement.setString(2, event.sequenceId());
                statement.setString(3, event.customerId());
                statement.setString(4, event.type().name());
                dialect().sql().setTime(statement, 5, event.at());
                statement.setBigDecimal(6, event.value());
                statement.setString(7, json.write(event));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}

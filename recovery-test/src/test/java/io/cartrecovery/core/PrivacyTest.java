package io.cartrecovery.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Erasure, export and retention through the engine. */
class PrivacyTest {
    private static final String A = "store-a";
    private static final String B = "store-b";

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecordingSender email = new RecordingSender(clock);
    private final RecoveryStore store = RecoveryStore.inMemory();
    private final List<RecoveryEvent> heard = new CopyOnWriteArrayList<>();
    private final RecoveryEngine engine = RecoveryEngine.builder().store(store).clock(clock).scheduler(scheduler)
            .random(new SplittableRandom(1)).sender(Channel.EMAIL, email)
            .listener(new RecoveryListener() {
                @Override
                public void onEvent(Notice notice) {
                    heard.add(notice.event());
                }
            })
            .configureStore(StoreSettings.builder(A).exactTiming().retention(Duration.ofDays(30)).build())
            .configureStore(StoreSettings.builder(B).exactTiming().build()).build();

    private RecoverySequence abandon(String storeId, String customerId, String cartId) {
        engine.cartUpdated(Fixtures.cart(storeId, cartId, customerId, clock.instant()),
                Fixtures.customer(storeId, customerId));
        return engine.cartAbandoned(storeId, cartId, clock.instant()).orElseThrow();
    }

    @Test
    void erasureStopsTheActiveSequenceAndAnErasedAddressIsNeverEmailedAgain() {
        RecoverySequence running = abandon(A, "u1", "c1");
        scheduler.advance(Duration.ofHours(3));
        assertThat(email.sent()).hasSize(1);

        engine.eraseCustomer(A, "u1");

        assertThat(heard).filteredOn(e -> e.type() == EventType.SEQUENCE_STOPPED).singleElement()
                .satisfies(e -> {
                    assertThat(e.detail()).isEqualTo("ERASED");
                    assertThat(e.sequenceId()).isEqualTo(running.id());
                });
        assertThatThrownBy(() -> engine.sequence(A, running.id())).isInstanceOf(NotFoundException.class);
        assertThat(engine.activeSequences(A, PageRequest.first(10)).items()).isEmpty();
        scheduler.advance(Duration.ofDays(4));
        assertThat(email.sent()).hasSize(1);

        // the same address comes back with a new cart: a sequence may run, but no email goes out
        abandon(A, "u1-again", "c2");
        engine.cartUpdated(Fixtures.cart(A, "c3", "u1-again", clock.instant()),
                new Customer(A, "u1-again", "U1@Example.com", "Alex", null, null, 0, BigDecimal.ZERO,
                        true));
        scheduler.advance(Duration.ofDays(4));
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void erasureKeepsTheAnalyticsOfThePeriod() {
        abandon(A, "u1", "c1");
        abandon(A, "u2", "c2");
        scheduler.advance(Duration.ofHours(3));
        engine.orderPlaced(new Order(A, "o1", "c1", "u1", new BigDecimal("171.50"), clock.instant()));
        engine.orderPlaced(new Order(A, "o2", "c2", "u2", new BigDecimal("171.50"), clock.instant()));
        scheduler.advance(Duration.ofDays(1));
        Instant end = clock.instant();
        AnalyticsReport before = engine.analytics(A, T0, end);

        engine.eraseCustomer(A, "u1");

        assertThat(engine.analytics(A, T0, end)).isEqualTo(before);
        assertThat(before.recovery().count()).isEqualTo(2);
        assertThat(engine.exportCustomer(A, "u2").sequences()).hasSize(1);
    }

    @Test
    void theExportIsJsonOfEverythingHeldAboutTheCustomer() {
        RecoverySequence sequence = abandon(A, "u1", "c1");
        scheduler.advance(Duration.ofHours(3));
        abandon(A, "u2", "c2");

        CustomerExport export = engine.exportCustomer(A, "u1");

        assertThat(export.sequences()).extracting(RecoverySequence::id).containsExactly(sequence.id());
        assertThat(export.events()).extracting(RecoveryEvent::type).contains(EventType.SEQUENCE_STARTED,
                EventType.STEP_SENT);
        assertThat(export.toJson()).startsWith("{\"storeId\":\"store-a\",\"customerId\":\"u1\",\"customer\":{")
                .contains("\"email\":\"u1@example.com\"", "\"firstName\":\"Alex\"", "\"restoreUrl\":",
                        "\"id\":\"" + sequence.id() + "\"", "\"stepId\":\"POPUP_1H\"", "\"optedOut\":false")
                .doesNotContain("u2");
        assertThat(export.toString()).doesNotContain("u1@example.com");
        assertThat(engine.exportCustomer(A, "nobody").isEmpty()).isTrue();
    }

    @Test
    void erasingAStoreForgetsItsSettingsAndKeepsTheOthers() {
        abandon(A, "u1", "c1");
        abandon(B, "u1", "c1");

        engine.eraseStore(A);

        assertThatThrownBy(() -> engine.settings(A)).isInstanceOf(NotFoundException.class);
        assertThat(engine.exportCustomer(A, "u1").isEmpty()).isTrue();
        assertThat(engine.activeSequences(B, PageRequest.first(10)).items()).hasSize(1);
        scheduler.advance(Duration.ofHours(3));
        assertThat(email.sent()).singleElement().satisfies(a -> assertThat(a.delivery().settings().storeId())
                .isEqualTo(B));
    }

    @Test
    void thePurgeDeletesWhatOutlivedTheRetentionOnTheEnginesClock() {
        abandon(A, "u1", "c1");
        scheduler.advance(Duration.ofHours(3));
        engine.orderPlaced(new Order(A, "o1", "c1", "u1", new BigDecimal("171.50"), clock.instant()));
        abandon(A, "u2", "c2"); // still running when the purge comes
        assertThat(engine.purgeExpired(A, 100)).isEqualTo(1); // u1's popup, expired at +2h, was never shown
        assertThat(engine.exportCustomer(A, "u1").sequences()).hasSize(1);

        clock.advance(Duration.ofDays(31));
        int purged = engine.purgeExpired(A, 100);

        assertThat(purged).isGreaterThan(1);
        assertThat(engine.exportCustomer(A, "u1").sequences()).isEmpty();
        assertThat(engine.exportCustomer(A, "u1").carts()).isEmpty();
        assertThat(engine.exportCustomer(A, "u1").customer()).isNotNull();
        assertThat(engine.exportCustomer(A, "u2").sequences()).hasSize(1);
        assertThat(engine.purgeExpired(A, 100)).isZero();
    }

    @Test
    void thePurgeKeepsASequenceForItsAttributionWindowWhenTheRetentionIsShorter() {
        engine.configureStore(StoreSettings.builder("short").exactTiming().retention(Duration.ofDays(2)).build());
        abandon("short", "u1", "c1");
        engine.stop("short", engine.activeSequences("short", PageRequest.first(1)).items().get(0).id(),
                StopReason.MANUAL);

        clock.advance(Duration.ofDays(4)); // past the retention, within the five-day attribution window
        engine.purgeExpired("short", 100);
        assertThat(engine.exportCustomer("short", "u1").sequences()).hasSize(1);

        clock.advance(Duration.ofDays(2));
        engine.purgeExpired("short", 100);
        assertThat(engine.exportCustomer("short", "u1").sequences()).isEmpty();
    }

    @Test
    void aSendThatCompletesAfterTheErasureRecordsNothingOfTheCustomer() {
        RecoveryEngine[] erasing = new RecoveryEngine[1];
        Sender eraseWhileSending = delivery -> {
            erasing[0].eraseCustomer(A, delivery.customer().customerId()); // the redact webhook arrives mid-send
            return SendResult.delivered();
        };
        RecoveryStore own = RecoveryStore.inMemory();
        VirtualTimeScheduler time = Scheduler.virtualTime(clock);
        erasing[0] = RecoveryEngine.builder().store(own).clock(clock).scheduler(time)
                .sender(Channel.EMAIL, eraseWhileSending).configureStore(StoreSettings.builder(A).exactTiming()
                        .build()).build();
        erasing[0].cartUpdated(Fixtures.cart(A, "c1", "u1", clock.instant()), Fixtures.customer(A, "u1"));
        erasing[0].cartAbandoned(A, "c1", clock.instant());

        Logger executorLog = (Logger) LoggerFactory.getLogger("io.cartrecovery.core.internal.StepExecutor");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        executorLog.addAppender(logged);
        try {
            time.advance(Duration.ofHours(3));
        } finally {
            executorLog.detachAppender(logged);
        }

        assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.ERROR); // no failed run

        assertThat(own.events(A, T0, clock.instant())).isNotEmpty()
                .allSatisfy(event -> assertThat(event.customerId()).isNull());
        assertThat(erasing[0].exportCustomer(A, "u1").sequences()).isEmpty();
        assertThat(erasing[0].health().running()).isTrue();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> engine.eraseCustomer(null, "u1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("storeId ");
        assertThatThrownBy(() -> engine.eraseCustomer(A, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("customerId ");
        assertThatThrownBy(() -> engine.eraseCustomer(A, "x".repeat(Limits.MAX_ID_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("customerId ");
        assertThatThrownBy(() -> engine.eraseStore("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("storeId ");
        assertThatThrownBy(() -> engine.exportCustomer(A, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("customerId ");
        assertThatThrownBy(() -> engine.purgeExpired(A, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("limit ");
        assertThatThrownBy(() -> engine.purgeExpired(A, Limits.MAX_PURGE_BATCH + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limit ");
        assertThatThrownBy(() -> engine.purgeExpired("unknown", 10)).isInstanceOf(NotFoundException.class);
        engine.eraseCustomer("unknown", "u1"); // nothing held: nothing to do
    }
}

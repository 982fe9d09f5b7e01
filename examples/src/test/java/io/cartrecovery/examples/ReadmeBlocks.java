package io.cartrecovery.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cartrecovery.core.Abandonment;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Incentive;
import io.cartrecovery.core.MessageGenerator;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SequencePolicy;
import io.cartrecovery.core.StepDefinition;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.Tone;
import io.cartrecovery.core.analytics.AnalyticsReport;
import io.cartrecovery.core.analytics.ExperimentResult;
import io.cartrecovery.core.experiment.Experiment;
import io.cartrecovery.core.experiment.Variant;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.examples.http.RecoveryHttpService;
import io.cartrecovery.examples.http.StoreAccount;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.jdbc.JdbcScheduler;
import io.cartrecovery.micrometer.OpenAiMetrics;
import io.cartrecovery.micrometer.RecoveryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import io.cartrecovery.openai.BrandVoice;
import io.cartrecovery.openai.OpenAiMessageGenerator;
import io.cartrecovery.smtp.Security;
import io.cartrecovery.smtp.SmtpSender;
import io.cartrecovery.smtp.StoreMailSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The README's Java blocks, each between {@code // README:} and {@code // README end} exactly as the README
 * shows it, so that they keep compiling against the API; {@link ReadmeBlocksTest} checks that they are the
 * README's and runs those that need no database, relay or port. The names a block uses without declaring them
 * are this class's parameters.
 */
final class ReadmeBlocks {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeBlocks.class);

    private ReadmeBlocks() {}

    /** README, "Going to production". */
    static RecoveryEngine production(Sender smtpSender, SignedLinks links) {
        // README:
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:postgresql://db:5432/shop?reWriteBatchedInserts=true");
        hikari.setMaximumPoolSize(12);
        DataSource dataSource = new HikariDataSource(hikari);
        Clock clock = Clock.systemUTC();

        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource)   // H2, PostgreSQL or MariaDB, detected
                .clock(clock)
                .build();                // applies missing migrations; .migrate(false) when Flyway runs
                                         // db/cartrecovery/postgresql/V*.sql for you
        JdbcScheduler scheduler = JdbcScheduler.builder(store)
                .clock(clock)
                .workers(64).batchSize(100)                               // default 4 and 100; see below
                .pollInterval(Duration.ofSeconds(1))                      // default 1 s
                .build();
        RecoveryEngine engine = RecoveryEngine.builder()
                .store(store).scheduler(scheduler).clock(clock)
                .sender(Channel.EMAIL, smtpSender).links(links)
                .build();
        // README end
        return engine;
    }

    /** README, "Going to production": the scripts through the host's own Flyway. */
    static JdbcRecoveryStore flyway(DataSource dataSource) {
        // README:
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/cartrecovery/postgresql")   // the library's scripts, as they are
                .table("cartrecovery_schema_history")                // their own history, beside yours
                .baselineOnMigrate(true).baselineVersion("0")        // your tables are already in the schema
                .load().migrate();
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(dataSource)
                .migrate(false)                                      // checks the schema version instead
                .build();
        // README end
        return store;
    }

    /** README, "Going to production": MariaDB or MySQL. */
    static JdbcRecoveryStore mariadb() {
        // README:
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:mariadb://db:3306/shop");
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");   // see below
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(new HikariDataSource(hikari)).build();   // Dialect.MARIADB, detected
        // README end
        return store;
    }

    /** README, "Operating it": Micrometer. */
    static RecoveryEngine metrics(MeterRegistry meterRegistry, OpenAiMessageGenerator openAiGenerator) {
        // README:
        RecoveryMetrics metrics = RecoveryMetrics.builder().build();     // .tagStoreId(true): a series per store
        RecoveryEngine engine = RecoveryEngine.builder().listener(metrics) /* ... */ .build();
        metrics.monitor(engine).bindTo(meterRegistry);
        OpenAiMetrics.of(openAiGenerator).bindTo(meterRegistry);         // optional, needs recovery-openai
        // README end
        return engine;
    }

    /** README, "Going to production: bulk". */
    static List<RecoverySequence> bulk(RecoveryEngine engine, Cart cart1, Customer customer1, Instant abandonedAt1,
                                         Cart cart2, Customer customer2, Instant abandonedAt2, List<Order> orders) {
        // README:
        List<RecoverySequence> started = engine.cartsAbandoned(List.of(
                new Abandonment(cart1, customer1, abandonedAt1),
                new Abandonment(cart2, customer2, abandonedAt2)));   // same outcome as cartUpdated + cartAbandoned each
        engine.ordersPlaced(orders);                                 // same outcome as orderPlaced each
        // README end
        return started;
    }

    /** README, "Going to production: your transaction". */
    static void ownTransaction(DataSource dataSource, JdbcRecoveryStore store, RecoveryEngine engine, Order order)
            throws SQLException {
        // README:
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            insertOrder(connection, order);                                       // your own write
            store.inTransaction(connection, () -> engine.orderPlaced(order));     // the store uses your connection
            connection.commit();                                                  // or rollback(): both or neither
        }
        // README end
    }

    /** README, "Configuring a store". */
    static void configuringAStore(RecoveryEngine engine, Instant from, Instant to) {
        // README:
        StoreSettings settings = StoreSettings.builder("my-store")
                .locale(Locale.GERMANY)
                .timeZone(ZoneId.of("Europe/Berlin"))                       // when the customer's zone is unknown
                .highValueThreshold(new BigDecimal("800"))                  // HIGH_VALUE above 800 lifetime value
                .firstTimeIncentive(Incentive.percentOff("WELCOME10", 10))  // last email of first-time buyers
                .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 30))       // in the customer's local time
                .sendWindow(Duration.ofHours(4))                            // 24h+ emails move to the best hour, ±4h
                .attributionWindow(Duration.ofDays(3))
                .experiment(Experiment.of("day1-tone", 0.10,                // 10% holdout: no messages at all
                        Variant.control("control", 1),
                        Variant.of("objections", 1, StepDefinition.of(SequencePolicy.EMAIL_24H,
                                Duration.ofHours(24), Channel.EMAIL, Tone.OBJECTION_HANDLING))))
                .templateOverride("de/LAST_CHANCE.subject",
                        "{{#firstName}}{{firstName}}, {{/firstName}}Ihr Warenkorb wartet noch")
                .build();
        engine.configureStore(settings);

        AnalyticsReport report = engine.analytics("my-store", from, to);
        report.recovery().value();                      // recovery rate (see below)
        report.recoveredRevenue();                      // order value of the recovered sequences
        report.purchasedBeforeFirstMessage().count();   // bought before any message was delivered, and .revenue()
        report.step("EMAIL_24H").openRate().value();
        report.step("EMAIL_24H").recoveredAfter();      // recoveries credited to this step
        ExperimentResult result = report.experiment("day1-tone");
        result.arms().get(Experiment.HOLDOUT).value();  // conversion rate of the holdout
        result.lift().difference();                     // treated minus holdout, with result.lift().lower()/upper() (95%)
        result.comparisons().get(0).pValue();           // two-proportion z-test per variant
        // README end
    }

    /** README, "Email over SMTP". */
    static RecoveryEngine smtp(SignedLinks links) {
        // README:
        SmtpSender email = SmtpSender.builder()
                .host("smtp.example.com").port(587).security(Security.STARTTLS)
                .credentials("mailer", System.getenv("SMTP_PASSWORD"))
                .store("my-store", StoreMailSettings.builder("shop@shop.example.com")
                        .fromName("Müller & Söhne")
                        .replyTo("help@shop.example.com")
                        .unsubscribeMailto("mailto:unsubscribe@shop.example.com?subject=unsubscribe%20{sequenceId}")
                        .build())
                .build();
        RecoveryEngine engine = RecoveryEngine.builder().sender(Channel.EMAIL, email).links(links) /* ... */ .build();
        // README end
        return engine;
    }

    /** README, "Messages written by an LLM". */
    static RecoveryEngine llm() {
        // README:
        MessageGenerator messages = System.getenv("OPENAI_API_KEY") == null
                ? MessageGenerator.templates()
                : OpenAiMessageGenerator.builder()
                        .apiKey(System.getenv("OPENAI_API_KEY"))
                        .model("gpt-4o")                                   // temperature 0.7 by default
                        .brandVoice("my-store", BrandVoice.of("Acme Outdoor", "warm, practical, never pushy",
                                "Say 'gear', not 'products'"))
                        .build();
        RecoveryEngine engine = RecoveryEngine.builder().messageGenerator(messages) /* ... */ .build();
        // README end
        return engine;
    }

    /** README, "Links, tracking and popups". */
    static RecoveryEngine links(byte[] secretBytes) {
        // README:
        SignedLinks links = SignedLinks.of(Clock.systemUTC(), List.of(StoreLinks.builder("my-store")
                .baseUrl(URI.create("https://app.example.com/recovery/my-store"))
                .redirectHost("shop.example.com")          // clicks redirect only here
                .key("2026-11", secretBytes)                // 32+ bytes; add the next key and signWith() it to rotate
                .build()));
        RecoveryEngine engine = RecoveryEngine.builder().links(links) /* ... */ .build();
        // README end
        return engine;
    }

    /** README, "Privacy: erasure, export and retention"; returns the export and the purge's executor. */
    static Object[] privacy(RecoveryEngine engine) {
        // README:
        engine.configureStore(StoreSettings.builder("my-store")
                .retention(Duration.ofDays(180))   // ended sequences, their events, inactive carts; default 365 days
                .build());

        String json = engine.exportCustomer("my-store", "cust-42").toJson();   // customers/data_request
        engine.eraseCustomer("my-store", "cust-42");                           // customers/redact

        ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor();
        purger.scheduleWithFixedDelay(() -> {        // on the host's thread, never the engine's scheduler
            try {
                while (engine.purgeExpired("my-store", 1_000) > 0) {
                    // bounded batches, one transaction each, until nothing is left
                }
            } catch (RuntimeException e) {
                LOG.warn("purge of my-store failed; next run tomorrow", e);
            }
        }, 1, 24 * 60, TimeUnit.MINUTES);
        // README end
        return new Object[] {json, purger};
    }

    /** README, "The example HTTP service". */
    static RecoveryHttpService httpService(RecoveryStore store, SignedLinks links, String apiKey,
                                           String webhookSecret) {
        // README:
        RecoveryEngine engine = RecoveryEngine.builder().store(store).links(links) /* ... */ .build();
        RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
                .account(new StoreAccount("shop-1", "shop-1.myshopify.com", apiKey, webhookSecret))
                .links(links)                    // the same SignedLinks the engine signs with
                .port(8080)                      // binds 127.0.0.1; 0 = a free port
                .requestTimeout(Duration.ofSeconds(10))  // the default
                .build();
        // README end
        return service;
    }

    /** The host's own write in "Going to production": not the library's. */
    private static void insertOrder(Connection connection, Order order) {
        // the host's INSERT INTO orders ...
    }
}

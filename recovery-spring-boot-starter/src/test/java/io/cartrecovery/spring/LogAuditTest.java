package io.cartrecovery.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryListener;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.Sender;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.smtp.SmtpSender;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every log line of a whole sequence, the library's at TRACE, with what production has: the JDBC store, signed links, an SMTP
 * server that refuses connections, an OpenAI endpoint that answers 401 quoting the key, senders that throw and fail
 * with the address in their messages, a listener that throws: none carries the customer's email address, the link
 * secret, a signed token, the SMTP password or the API key; and lines written while a step runs carry the store
 * and sequence in the MDC.
 */
class LogAuditTest {
    private static final String STORE = "audit-store";
    private static final String CUSTOMER = "audit-customer-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String EMAIL = CUSTOMER + "@example.com";
    private static final String LINK_SECRET = "link-secret-" + UUID.randomUUID();
    private static final String API_KEY = "sk-audit-" + UUID.randomUUID().toString().replace("-", "");
    private static final String SMTP_PASSWORD = "smtp-password-" + UUID.randomUUID();
    private static final Pattern TOKEN = Pattern.compile("[?&]t=([^&\"'\\s<>]+)");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger library = (Logger) LoggerFactory.getLogger("io.cartrecovery");
    private final AtomicInteger openAiRequests = new AtomicInteger();
    private Level libraryLevel;
    private HttpServer openAi;

    @BeforeEach
    void captureEveryLogLine() throws IOException {
        assertThat(LoggerFactory.getILoggerFactory()).as("logback is the SLF4J provider").isInstanceOf(LoggerContext.class);
        libraryLevel = library.getLevel();
        library.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
        openAi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        openAi.createContext("/", exchange -> {   // what a real 401 says: the key, partly or wholly
            openAiRequests.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\","
                    + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        openAi.start();
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(appender);
        library.setLevel(libraryLevel);
        openAi.stop(0);
    }

    @Test
    void noLogLineCarriesAnAddressATokenOrASecret() throws IOException {
        SettableClock clock = SettableClock.at(T0);
        VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
        SmtpSender refusingSmtp = SmtpSender.builder().host("127.0.0.1").port(closedPort())
                .security(io.cartrecovery.smtp.Security.NONE).credentials("mailer", SMTP_PASSWORD).clock(clock)
                .store(STORE, io.cartrecovery.smtp.StoreMailSettings.builder("shop@example.com").build()).build();
        List<Delivery> delivered = new CopyOnWriteArrayList<>();
        Sender email = delivery -> {
            int attempt = delivery.attempt().number();
            return switch (delivery.step().id()) {
                case "EMAIL_2H" -> switch (attempt) {
                    case 1 -> refusingSmtp.send(delivery);
                    case 2 -> throw new IllegalStateException("mailbox " + delivery.customer().email()
                            + " rejected " + delivery.unsubscribeUrl());
                    default -> {
                        delivered.add(delivery);
                        yield SendResult.delivered();
                    }
                };
                case "EMAIL_24H" -> SendResult.transientFailure("451 greylisted " + delivery.customer().email());
                default -> SendResult.permanentFailure("550 no such user " + delivery.customer().email());
            };
        };
        RecoveryListener throwing = new RecoveryListener() {
            @Override
            public void onEvent(Notice notice) {
                if (notice.event().type() == EventType.STEP_SENT) {
                    throw new IllegalStateException("CRM refused the contact " + EMAIL);
                }
            }
        };
        List<EventType> heard = new CopyOnWriteArrayList<>();
        RecoveryListener recording = new RecoveryListener() {
            @Override
            public void onEvent(Notice notice) {
                heard.add(notice.event().type());
            }
        };
        String[] sequenceId = new String[1];

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        CartRecoveryAutoConfiguration.class, CartRecoveryOperationsAutoConfiguration.class))
                .withBean(SettableClock.class, () -> clock).withBean(Scheduler.class, () -> scheduler)
                .withBean(Sender.class, () -> email)
                .withBean("throwingListener", RecoveryListener.class, () -> throwing)
                .withBean("recordingListener", RecoveryListener.class, () -> recording)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "cartrecovery.openai.api-key=" + API_KEY,
                        "cartrecovery.openai.base-url=http://127.0.0.1:" + openAi.getAddress().getPort() + "/v1",
                        "cartrecovery.links.secret=" + LINK_SECRET,
                        "cartrecovery.links.stores." + STORE + ".base-url=https://app.example.com/recovery/" + STORE,
                        "cartrecovery.links.stores." + STORE + ".redirect-host=shop.example.com",
                        "cartrecovery.stores." + STORE + ".locale=en-US",
                        "cartrecovery.stores." + STORE + ".quiet-start=00:00",
                        "cartrecovery.stores." + STORE + ".quiet-end=00:00")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(io.cartrecovery.core.RecoveryStore.class))
                            .isInstanceOf(JdbcRecoveryStore.class);
                    RecoveryEngine engine = context.getBean(RecoveryEngine.class);
                    engine.cartUpdated(Fixtures.cart(STORE, "c1", CUSTOMER, T0), Fixtures.customer(STORE, CUSTOMER));
                    RecoverySequence sequence = engine.cartAbandoned(STORE, "c1", T0).orElseThrow();
                    sequenceId[0] = sequence.id();
                    for (int hour = 0; hour < 80; hour++) {
                        scheduler.advance(Duration.ofHours(1));
                    }
                    assertThat(engine.sequence(STORE, sequence.id()).isActive()).isFalse();
                });

        assertThat(heard).as("the sequence went through sends, retries and failures")
                .contains(EventType.STEP_SENT, EventType.STEP_RETRY_SCHEDULED, EventType.STEP_FAILED,
                        EventType.SEQUENCE_STOPPED);
        assertThat(openAiRequests).as("requests that the OpenAI endpoint refused").hasPositiveValue();
        assertThat(delivered).as("the email that got through").isNotEmpty();
        List<String> tokens = new ArrayList<>();
        for (Delivery delivery : delivered) {
            Matcher token = TOKEN.matcher(delivery.message().htmlBody() + " " + delivery.unsubscribeUrl());
            while (token.find()) {
                tokens.add(java.net.URLDecoder.decode(token.group(1), StandardCharsets.UTF_8));
            }
        }
        assertThat(tokens).as("signed tokens in the delivered email").isNotEmpty();

        List<String> lines = appender.list.stream().map(LogAuditTest::render).toList();
        assertThat(lines).as("log lines").hasSizeGreaterThan(10);
        List<String> secrets = new ArrayList<>(List.of(EMAIL, LINK_SECRET, API_KEY, SMTP_PASSWORD));
        secrets.addAll(tokens);
        for (String secret : secrets) {
            assertThat(lines).as("log lines carrying " + secret).noneMatch(line -> line.contains(secret));
        }

        List<ILoggingEvent> stepLines = appender.list.stream().filter(LogAuditTest::writtenWhileAStepRuns).toList();
        assertThat(stepLines).as("lines of the step protocol, the generator and the sender").isNotEmpty();
        assertThat(stepLines).allSatisfy(event -> assertThat(event.getMDCPropertyMap()).as(render(event))
                .containsEntry("cartrecovery.storeId", STORE).containsEntry("cartrecovery.sequenceId", sequenceId[0]));
    }

    private static boolean writtenWhileAStepRuns(ILoggingEvent event) {
        String logger = event.getLoggerName();
        boolean built = event.getFormattedMessage().startsWith("built ");   // at start-up, not in a step
        return !built && (logger.endsWith(".StepExecutor") || logger.endsWith(".OpenAiMessageGenerator")
                || logger.endsWith(".CircuitBreaker") || logger.endsWith(".SmtpSender")
                || logger.endsWith(".Listeners"));
    }

    /** The line as an appender writes it: message, MDC, and every throwable in the chain with its message. */
    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        line.append(' ').append(mdc);
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (IThrowableProxy suppressed : t.getSuppressed()) {
                line.append(" | suppressed ").append(suppressed.getClassName()).append(": ")
                        .append(suppressed.getMessage());
            }
        }
        return line.toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.cartrecovery.smtp;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.Scheduler;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.core.VirtualTimeScheduler;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecordingSender;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The sender wired into a real engine: what the engine does with each result. */
class SmtpSenderEngineTest {
    private static final String STORE = Deliveries.STORE;

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final SettableClock clock = SettableClock.at(T0);
    private final VirtualTimeScheduler scheduler = Scheduler.virtualTime(clock);
    private final RecoveryStore store = RecoveryStore.inMemory();

    private RecoveryEngine engine(SmtpSender email) {
        return RecoveryEngine.builder().clock(clock).scheduler(scheduler).store(store)
                .sender(Channel.EMAIL, email).sender(Channel.POPUP, new RecordingSender(clock))
                .configureStore(StoreSettings.builder(STORE).exactTiming().build()).build();
    }

    /** Customer u1 (u1@example.com) abandons cart c1 at T0. */
    private static RecoverySequence abandonCart(RecoveryEngine engine) {
        engine.cartUpdated(Fixtures.cart(STORE, "c1", "u1", T0), Fixtures.customer(STORE, "u1"));
        return engine.cartAbandoned(STORE, "c1", T0).orElseThrow();
    }

    private SmtpSender.Builder sender(int port) {
        return SmtpSender.builder().host("127.0.0.1").port(port).security(Security.NONE).clock(clock)
                .store(STORE, Deliveries.storeMail());
    }

    @Test
    void everyEmailStepArrivesWithTheMessageIdOfItsIdempotencyKey() {
        try (SmtpSender email = sender(GREEN_MAIL.getSmtp().getPort()).build();
             RecoveryEngine engine = engine(email)) {
            RecoverySequence sequence = abandonCart(engine);

            scheduler.advance(Duration.ofDays(4));

            assertThat(engine.sequence(STORE, sequence.id()).status()).isEqualTo(SequenceStatus.COMPLETED);
            assertThat(Arrays.stream(GREEN_MAIL.getReceivedMessages()).map(SmtpSenderEngineTest::messageId))
                    .containsExactly(
                            MimeComposer.messageId(sequence.id() + ":EMAIL_2H", "shop.example.com"),
                            MimeComposer.messageId(sequence.id() + ":EMAIL_24H", "shop.example.com"),
                            MimeComposer.messageId(sequence.id() + ":EMAIL_48H", "shop.example.com"),
                            MimeComposer.messageId(sequence.id() + ":EMAIL_72H", "shop.example.com"));
        }
    }

    @Test
    void aRejectedRecipientIsSuppressedAndGetsNoFurtherEmail() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer();
             SmtpSender email = sender(server.port()).build();
             RecoveryEngine engine = engine(email)) {
            server.rcptReply = "550 5.1.1 user unknown";
            RecoverySequence sequence = abandonCart(engine);

            scheduler.advance(Duration.ofDays(4));

            assertThat(store.isSuppressed(STORE, SuppressionKey.email("u1@example.com"))).isTrue();
            assertThat(server.commands()).filteredOn(command -> command.startsWith("RCPT")).hasSize(1);
            assertThat(engine.history(STORE, sequence.id())).filteredOn(e -> e.type() == EventType.STEP_FAILED)
                    .extracting(RecoveryEvent::detail).containsExactly("PERMANENT_FAILURE: SMTP 550 5.1.1 at RCPT");
        }
    }

    @Test
    void aTemporaryRejectionIsRetriedAndThenDelivered() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer();
             SmtpSender email = sender(server.port()).build();
             RecoveryEngine engine = engine(email)) {
            server.rcptReply = "451 4.7.1 greylisted";
            RecoverySequence sequence = abandonCart(engine);
            scheduler.advance(Duration.ofHours(2));
            server.rcptReply = "250 OK";

            scheduler.advance(Duration.ofHours(3));

            assertThat(engine.history(STORE, sequence.id())).extracting(RecoveryEvent::type)
                    .contains(EventType.STEP_RETRY_SCHEDULED, EventType.STEP_SENT);
            assertThat(server.messages()).isEqualTo(1);
            assertThat(store.isSuppressed(STORE, SuppressionKey.email("u1@example.com"))).isFalse();
        }
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.cartrecovery.smtp;

import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connection reuse, reconnection, authentication and timeouts, against a scripted SMTP peer. */
class SmtpSenderConnectionTest {
    private final ScriptedSmtpServer server = new ScriptedSmtpServer();
    private final SettableClock clock = SettableClock.at(Fixtures.T0);
    private SmtpSender sender;

    @AfterEach
    void tearDown() throws IOException {
        if (sender != null) {
            sender.close();
        }
        server.close();
    }

    private SmtpSender.Builder builder() {
        return server.senderBuilder().clock(clock);
    }

    @Test
    void manyMessagesShareOneConnection() {
        sender = builder().build();

        for (int i = 0; i < 50; i++) {
            assertThat(sender.send(Deliveries.delivery("seq-" + i, "alex@example.com")))
                    .isEqualTo(SendResult.delivered());
        }

        assertThat(server.messages()).isEqualTo(50);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void concurrentSendersShareThePool() throws Exception {
        sender = builder().connections(2).build();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<SendResult>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String sequenceId = "seq-" + i;
                results.add(threads.submit(() -> sender.send(Deliveries.delivery(sequenceId, "alex@example.com"))));
            }
            for (Future<SendResult> result : results) {
                assertThat(result.get()).isEqualTo(SendResult.delivered());
            }
        } finally {
            threads.shutdown();
        }

        assertThat(server.messages()).isEqualTo(100);
        assertThat(server.connections()).isBetween(1, 2);
    }

    @Test
    void aRejectedRecipientKeepsTheConnection() {
        sender = builder().build();
        server.rcptReply = "550 5.1.1 no such user";
        assertThat(sender.send(Deliveries.delivery("seq-1", "gone@example.com")).status())
                .isEqualTo(SendResult.Status.PERMANENT_FAILURE);

        server.rcptReply = "250 OK";
        assertThat(sender.send(Deliveries.delivery("seq-2", "alex@example.com"))).isEqualTo(SendResult.delivered());

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).contains("RSET");
    }

    @Test
    void aConnectionTheServerDroppedFailsTransientlyAndTheNextSendReconnects() throws Exception {
        sender = builder().build();
        server.hangUpAfterMessage = true;
        assertThat(sender.send(Deliveries.delivery("seq-1", "alex@example.com"))).isEqualTo(SendResult.delivered());
        assertThat(server.awaitHangUp()).isTrue();
        server.hangUpAfterMessage = false;

        SendResult lost = sender.send(Deliveries.delivery("seq-2", "alex@example.com"));
        SendResult retried = sender.send(Deliveries.delivery("seq-2", "alex@example.com"));

        assertThat(lost.status()).isEqualTo(SendResult.Status.TRANSIENT_FAILURE);
        assertThat(lost.detail()).startsWith("SMTP connection");
        assertThat(retried).isEqualTo(SendResult.delivered());
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anIdleConnectionIsCheckedWithNoopAndReopenedWhenDead() throws Exception {
        sender = builder().idleCheck(Duration.ofSeconds(30)).build();
        server.hangUpAfterMessage = true;
        assertThat(sender.send(Deliveries.delivery("seq-1", "alex@example.com"))).isEqualTo(SendResult.delivered());
        assertThat(server.awaitHangUp()).isTrue();
        server.hangUpAfterMessage = false;

        clock.advance(Duration.ofSeconds(31));

        assertThat(sender.send(Deliveries.delivery("seq-2", "alex@example.com"))).isEqualTo(SendResult.delivered());
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.messages()).isEqualTo(2);
    }

    @Test
    void anIdleConnectionThatStillAnswersIsKept() {
        sender = builder().idleCheck(Duration.ofSeconds(30)).build();
        sender.send(Deliveries.delivery("seq-1", "alex@example.com"));
        clock.advance(Duration.ofMinutes(2));

        assertThat(sender.send(Deliveries.delivery("seq-2", "alex@example.com"))).isEqualTo(SendResult.delivered());

        assertThat(server.commands()).contains("NOOP");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void authenticatesWithTheCredentials() {
        server.authReply = "235 2.7.0 accepted";
        sender = builder().credentials("mailer", "s3cret-pass").build();

        assertThat(sender.send(Deliveries.delivery("seq-1", "alex@example.com"))).isEqualTo(SendResult.delivered());
        assertThat(server.commands()).anyMatch(command -> command.startsWith("AUTH"));
    }

    @Test
    void aRefusedLoginIsTransientAndNeverShowsThePassword() {
        server.authReply = "535 5.7.8 authentication failed";
        sender = builder().credentials("mailer", "s3cret-pass").build();

        SendResult result = sender.send(Deliveries.delivery("seq-1", "alex@example.com"));

        assertThat(result).isEqualTo(SendResult.transientFailure("SMTP authentication failed"));
        assertThat(server.messages()).isZero();
    }

    @Test
    void anUnreachableServerIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        sender = builder().port(closedPort).build();

        SendResult result = sender.send(Deliveries.delivery("seq-1", "alex@example.com"));

        assertThat(result.status()).isEqualTo(SendResult.Status.TRANSIENT_FAILURE);
        assertThat(result.detail()).startsWith("SMTP connection failed");
    }

    @Test
    void aServerThatNeverAnswersTimesOutTransiently() {
        server.silent = true;
        sender = builder().readTimeout(Duration.ofMillis(200)).build();

        SendResult result = sender.send(Deliveries.delivery("seq-1", "alex@example.com"));

        assertThat(result.status()).isEqualTo(SendResult.Status.TRANSIENT_FAILURE);
        assertThat(result.detail()).isIn("SMTP timeout", "SMTP connection failed: SocketTimeoutException");
    }

    @Test
    void closeSaysQuitAndRefusesLaterSends() {
        sender = builder().build();
        sender.send(Deliveries.delivery("seq-1", "alex@example.com"));

        sender.close();

        assertThat(server.commands()).contains("QUIT");
        assertThatThrownBy(() -> sender.send(Deliveries.delivery("seq-2", "alex@example.com")))
                .isInstanceOf(IllegalStateException.class);
    }
}

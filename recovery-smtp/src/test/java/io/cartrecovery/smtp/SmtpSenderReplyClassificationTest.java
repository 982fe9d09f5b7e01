package io.cartrecovery.smtp;

import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SendResult.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each SMTP reply a scripted server gives is classified: a rejected recipient is permanent (the engine suppresses
 * the address), everything that is not about the recipient is transient. Details never quote the server's text.
 */
class SmtpSenderReplyClassificationTest {
    private final ScriptedSmtpServer server = new ScriptedSmtpServer();
    private final SmtpSender sender = server.senderBuilder().build();

    @AfterEach
    void tearDown() throws IOException {
        sender.close();
        server.close();
    }

    @ParameterizedTest(name = "{1} at {0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            RCPT | 550 5.1.1 <gone@example.com>: user unknown        | PERMANENT_FAILURE | SMTP 550 5.1.1 at RCPT
            RCPT | 550 mailbox unavailable                           | PERMANENT_FAILURE | SMTP 550 at RCPT
            RCPT | 553 mailbox name not allowed                      | PERMANENT_FAILURE | SMTP 553 at RCPT
            RCPT | 450 4.2.1 mailbox busy                            | TRANSIENT_FAILURE | SMTP 450 4.2.1 at RCPT
            RCPT | 451 4.7.1 greylisted, try again later             | TRANSIENT_FAILURE | SMTP 451 4.7.1 at RCPT
            RCPT | 421 4.3.2 service shutting down                   | TRANSIENT_FAILURE | SMTP 421 4.3.2 at RCPT
            RCPT | 552 5.2.2 mailbox full                            | TRANSIENT_FAILURE | SMTP 552 5.2.2 at RCPT
            RCPT | 554 5.7.1 <gone@example.com>: Relay access denied | TRANSIENT_FAILURE | SMTP 554 5.7.1 at RCPT
            MAIL | 553 5.7.1 sender address rejected                 | TRANSIENT_FAILURE | SMTP 553 5.7.1 at MAIL FROM
            MAIL | 451 4.3.0 try later                               | TRANSIENT_FAILURE | SMTP 451 4.3.0 at MAIL FROM
            DATA | 451 4.3.0 local error in processing               | TRANSIENT_FAILURE | SMTP 451 4.3.0 at end of data
            DATA | 554 5.7.1 message looks like spam                 | TRANSIENT_FAILURE | SMTP 554 5.7.1 at end of data
            DATA | 554 Message rejected: Email address is not verified | TRANSIENT_FAILURE | SMTP 554 at end of data
            DATA | 550 5.1.1 <gone@example.com>: recipient rejected   | PERMANENT_FAILURE | SMTP 550 5.1.1 at end of data
            """)
    void classifiesTheReply(String stage, String reply, Status expected, String detail) {
        switch (stage) {
            case "RCPT" -> server.rcptReply = reply;
            case "MAIL" -> server.mailReply = reply;
            default -> server.dataReply = reply;
        }

        SendResult result = sender.send(Deliveries.delivery("seq-1", "gone@example.com"));

        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.detail()).isEqualTo(detail).doesNotContain("@");
        assertThat(server.messages()).isZero();
    }
}

package io.cartrecovery.smtp;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.test.Fixtures;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.URI;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** What a real SMTP server (GreenMail, in this JVM) receives from the sender. */
class SmtpSenderGreenMailTest {
    private static final String SUBJECT = "Ihr Warenkorb wartet – Grüße aus Köln / カートに商品が残っています";
    private static final String TEXT = "Hallo Jürgen,\nIhr Warenkorb wartet. お買い物かごに商品が残っています。\n";
    private static final String HTML = "<html><body><p>Hallo Jürgen, Ihr Warenkorb wartet. 商品が残っています。</p></body></html>";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL =
            new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}));

    private final SettableClock clock = SettableClock.at(Fixtures.T0);
    private SmtpSender sender;

    @AfterEach
    void closeSender() {
        if (sender != null) {
            sender.close();
        }
    }

    private SmtpSender.Builder plain() {
        return SmtpSender.builder().host(GREEN_MAIL.getSmtp().getBindTo()).port(GREEN_MAIL.getSmtp().getPort())
                .security(Security.NONE).clock(clock)
                .store(Deliveries.STORE, StoreMailSettings.builder("shop@shop.example.com")
                        .fromName("Müller & Söhne 東京店")
                        .replyTo("help@shop.example.com")
                        .messageIdDomain("mail.shop.example.com")
                        .unsubscribeUrlTemplate("https://shop.example.com/u?store={storeId}&seq={sequenceId}")
                        .unsubscribeMailto("mailto:unsubscribe@shop.example.com?subject=unsubscribe%20{sequenceId}")
                        .build());
    }

    private static Delivery international(String sequenceId, String stepId) {
        Customer customer = new Customer(Deliveries.STORE, "cust-1", "juergen@example.com", "Jürgen さくら",
                Locale.GERMANY, ZoneId.of("Europe/Berlin"), 0, BigDecimal.ZERO, true);
        return Deliveries.delivery(sequenceId, stepId, customer,
                new Message(SUBJECT, "Nur noch heute", TEXT, HTML, "Zum Warenkorb"));
    }

    private static MimeMessage onlyReceived() {
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    @Test
    void sendsMultipartAlternativeWithTextFirstAndHtmlLast() throws Exception {
        sender = plain().build();

        assertThat(sender.send(international("seq-1", "EMAIL_2H"))).isEqualTo(SendResult.delivered());

        MimeMessage received = onlyReceived();
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat(text.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(normalized(text.getContent())).isEqualTo(TEXT);
        assertThat(html.isMimeType("text/html")).isTrue();
        assertThat(html.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(normalized(html.getContent())).isEqualTo(HTML);
    }

    @Test
    void encodesSubjectAndNamesInAnyScript() throws Exception {
        sender = plain().build();

        sender.send(international("seq-1", "EMAIL_2H"));

        MimeMessage received = onlyReceived();
        assertThat(received.getSubject()).isEqualTo(SUBJECT);
        assertThat(received.getHeader("Subject")[0]).startsWith("=?UTF-8?").matches("\\p{ASCII}+");
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("shop@shop.example.com");
        assertThat(from.getPersonal()).isEqualTo("Müller & Söhne 東京店");
        InternetAddress to = (InternetAddress) received.getAllRecipients()[0];
        assertThat(to.getAddress()).isEqualTo("juergen@example.com");
        assertThat(to.getPersonal()).isEqualTo("Jürgen さくら");
        assertThat(((InternetAddress) received.getReplyTo()[0]).getAddress()).isEqualTo("help@shop.example.com");
        assertThat(received.getSentDate().toInstant()).isEqualTo(Fixtures.T0);
    }

    @Test
    void aFirstNameThatIsNoNameIsNotTheRecipientsDisplayName() throws Exception {
        sender = plain().build();
        Customer customer = new Customer(Deliveries.STORE, "cust-1", "juergen@example.com",
                "Visit evil.ru today for 90% off with code FREE90 - Alex", Locale.GERMANY, null, 0, BigDecimal.ZERO,
                true);

        sender.send(Deliveries.delivery("seq-1", "EMAIL_2H", customer,
                new Message(SUBJECT, "Nur noch heute", TEXT, HTML, "Zum Warenkorb")));

        InternetAddress to = (InternetAddress) onlyReceived().getAllRecipients()[0];
        assertThat(to.getAddress()).isEqualTo("juergen@example.com");
        assertThat(to.getPersonal()).isNull();
    }

    @Test
    void carriesOneClickUnsubscribeHeaders() throws Exception {
        sender = plain().build();

        sender.send(international("seq 1/ä", "EMAIL_2H"));

        MimeMessage received = onlyReceived();
        assertThat(unfolded(received.getHeader("List-Unsubscribe")[0])).isEqualTo(
                "<https://shop.example.com/u?store=store-a&seq=seq%201%2F%C3%A4>, "
                        + "<mailto:unsubscribe@shop.example.com?subject=unsubscribe%20seq%201%2F%C3%A4>");
        assertThat(received.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
    }

    @Test
    void theEnginesSignedUnsubscribeUrlWinsOverFunctionAndTemplate() throws Exception {
        sender = plain().unsubscribeUrl(delivery -> URI.create("https://links.example.com/u/unused")).build();
        Delivery base = international("seq-1", "EMAIL_2H");
        URI signed = URI.create("https://track.example.com/r/store-a/unsubscribe?t=abc.def");

        sender.send(new Delivery(base.idempotencyKey(), base.settings(), base.sequenceId(), base.step(), base.cart(),
                base.customer(), base.message(), signed, null));

        assertThat(unfolded(onlyReceived().getHeader("List-Unsubscribe")[0])).startsWith("<" + signed + ">");
    }

    @Test
    void takesTheUnsubscribeUrlFromTheHostsFunction() throws Exception {
        sender = plain().unsubscribeUrl(delivery -> URI.create("https://links.example.com/u/signed-"
                + delivery.sequenceId())).build();

        sender.send(international("seq-1", "EMAIL_2H"));

        assertThat(unfolded(onlyReceived().getHeader("List-Unsubscribe")[0])).isEqualTo(
                "<https://links.example.com/u/signed-seq-1>, "
                        + "<mailto:unsubscribe@shop.example.com?subject=unsubscribe%20seq-1>");
    }

    @Test
    void derivesAStableMessageIdFromTheIdempotencyKey() throws Exception {
        sender = plain().build();

        sender.send(international("seq-1", "EMAIL_2H"));
        sender.send(international("seq-1", "EMAIL_2H")); // a retry of the same step
        sender.send(international("seq-1", "EMAIL_24H"));

        String[] ids = Arrays.stream(GREEN_MAIL.getReceivedMessages()).map(SmtpSenderGreenMailTest::messageId)
                .toArray(String[]::new);
        assertThat(ids[0]).matches("<[0-9a-f]{32}@mail\\.shop\\.example\\.com>")
                .isEqualTo(MimeComposer.messageId("seq-1:EMAIL_2H", "mail.shop.example.com"));
        assertThat(ids[1]).isEqualTo(ids[0]);
        assertThat(ids[2]).isNotEqualTo(ids[0]);
    }

    @Test
    void deliversManyMessagesOverTheReusedConnection() {
        sender = plain().build();

        for (int i = 0; i < 20; i++) {
            assertThat(sender.send(international("seq-" + i, "EMAIL_2H"))).isEqualTo(SendResult.delivered());
        }

        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(20);
    }

    @Test
    void sendsOverImplicitTls() throws Exception {
        sender = plain().port(GREEN_MAIL.getSmtps().getPort()).security(Security.IMPLICIT_TLS)
                .trustAnyCertificate(true).build();

        assertThat(sender.send(international("seq-1", "EMAIL_2H"))).isEqualTo(SendResult.delivered());

        assertThat(onlyReceived().getSubject()).isEqualTo(SUBJECT);
    }

    @Test
    void aSelfSignedCertificateIsRefusedByDefault() {
        sender = plain().port(GREEN_MAIL.getSmtps().getPort()).security(Security.IMPLICIT_TLS).build();

        SendResult result = sender.send(international("seq-1", "EMAIL_2H"));

        assertThat(result.status()).isEqualTo(SendResult.Status.TRANSIENT_FAILURE);
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredNeverSkipped() {
        // GreenMail's plain SMTP port offers no STARTTLS: the sender must refuse to go on in clear text.
        sender = plain().security(Security.STARTTLS).trustAnyCertificate(true).build();

        SendResult result = sender.send(international("seq-1", "EMAIL_2H"));

        assertThat(result.status()).isEqualTo(SendResult.Status.TRANSIENT_FAILURE);
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalized(Object content) {
        return content.toString().replace("\r\n", "\n");
    }

    private static String unfolded(String header) {
        return header.replaceAll("\r?\n[ \t]", " ");
    }
}

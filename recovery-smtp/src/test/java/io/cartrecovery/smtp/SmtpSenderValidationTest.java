package io.cartrecovery.smtp;

import io.cartrecovery.core.Cart;
import io.cartrecovery.core.CartItem;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Delivery;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.RecoveryException;
import io.cartrecovery.core.SendResult;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Collections;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad data and bad configuration are refused before anything reaches the server. */
class SmtpSenderValidationTest {
    private final ScriptedSmtpServer server = new ScriptedSmtpServer();
    private SmtpSender sender;

    @AfterEach
    void tearDown() throws IOException {
        if (sender != null) {
            sender.close();
        }
        server.close();
    }

    private SmtpSender.Builder builder() {
        return server.senderBuilder();
    }

    private static Delivery withBody(String text, String html) {
        return Deliveries.delivery("seq-1", "EMAIL_2H", Customer.of(Deliveries.STORE, "cust-1", "alex@example.com"),
                new Message("Your cart", "", text, html, "Back to my cart"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithAClearErrorAndNothingSent() {
        sender = builder().build();
        String twoMegabytes = "x".repeat(2 * 1024 * 1024);

        assertThatThrownBy(() -> sender.send(withBody(twoMegabytes, "<p>hi</p>")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageBytes " + SmtpSender.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(server.connections()).isZero();
    }

    @Test
    void theLimitCountsUtf8BytesOfBothBodies() {
        sender = builder().maxMessageBytes(100).build();

        assertThat(sender.send(withBody("ä".repeat(25), "x".repeat(50)))).isEqualTo(SendResult.delivered());
        assertThatThrownBy(() -> sender.send(withBody("ä".repeat(25), "x".repeat(51))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101 bytes");
    }

    @Test
    void hugeCartsAndTitlesNeverReachTheSender() {
        CartItem item = CartItem.of("SKU-1", "Socks", 1, BigDecimal.ONE);
        assertThatThrownBy(() -> new Cart("s", "c", null, null, Fixtures.USD, Collections.nCopies(10_000, item),
                BigDecimal.ONE, null, Fixtures.T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("items");
        assertThatThrownBy(() -> CartItem.of("SKU-1", "t".repeat(1024 * 1024), 1, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("title");
    }

    @Test
    void headerInjectionThroughMessageFieldsIsImpossible() {
        assertThatThrownBy(() -> new Message("Hi\r\nBcc: victim@example.com", "", "t", "h", "Go"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("subject");
        assertThatThrownBy(() -> HeaderValues.oneLine("Hi\nBcc: victim@example.com", "subject"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("subject");
        assertThatThrownBy(() -> HeaderValues.oneLine("Hi\0", "subject"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnsubscribeUrlThatIsNotHttpsIsRefusedBeforeSending() {
        sender = builder().unsubscribeUrl(delivery -> URI.create("http://links.example.com/u")).build();

        assertThatThrownBy(() -> sender.send(Deliveries.delivery("seq-1", "alex@example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unsubscribeUrl");
        assertThat(server.connections()).isZero();
    }

    @Test
    void aCustomerWithoutAnAddressIsPermanent() {
        sender = builder().build();
        Customer noEmail = new Customer(Deliveries.STORE, "cust-1", null, "Alex", Locale.US, null, 0,
                BigDecimal.ZERO, true);

        SendResult result = sender.send(Deliveries.delivery("seq-1", "EMAIL_2H", noEmail,
                new Message("Your cart", "", "t", "h", "Go")));

        assertThat(result).isEqualTo(SendResult.permanentFailure("no email address"));
        assertThat(server.connections()).isZero();
    }

    @Test
    void anAddressOutsideTheOneGrammarNeverReachesTheSender() {
        // Customer and the sender share EmailAddress, so such an address is refused where it enters.
        assertThatThrownBy(() -> Deliveries.delivery("seq-1", "a,b@example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("email is not a valid email");
        assertThatThrownBy(() -> HeaderValues.address("\u4061lice@example.com", "email"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("internationalised");
    }

    @Test
    void aStoreWithoutMailSettingsIsAConfigurationError() {
        sender = builder().build();
        Delivery other = new Delivery("seq-1:EMAIL_2H", StoreSettings.defaults("store-b"), "seq-1",
                Deliveries.delivery("seq-1", "alex@example.com").step(), Fixtures.cart("store-b", "c-1", "cust-1",
                Fixtures.T0), Customer.of("store-b", "cust-1", "alex@example.com"),
                new Message("Your cart", "", "t", "h", "Go"));

        assertThatThrownBy(() -> sender.send(other)).isInstanceOf(RecoveryException.class)
                .hasMessageContaining("store-b");
    }

    @Test
    void theBuilderNamesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> SmtpSender.builder().store("s", Deliveries.storeMail()).build())
                .hasMessageStartingWith("host");
        assertThatThrownBy(() -> builder().host("smtp.example.com\r\nRCPT TO:<x@example.com>").build())
                .hasMessageStartingWith("host");
        assertThatThrownBy(() -> builder().port(70_000).build()).hasMessageStartingWith("port");
        assertThatThrownBy(() -> builder().credentials("user\nMAIL FROM:<x@example.com>", "pw").build())
                .hasMessageStartingWith("username");
        assertThatThrownBy(() -> builder().credentials("user", null).build()).hasMessageStartingWith("credentials");
        assertThatThrownBy(() -> SmtpSender.builder().host("h").build()).hasMessageStartingWith("stores");
        assertThatThrownBy(() -> builder().maxMessageBytes(0).build()).hasMessageStartingWith("maxMessageBytes");
        assertThatThrownBy(() -> builder().connections(0).build()).hasMessageStartingWith("connections");
        assertThatThrownBy(() -> builder().readTimeout(java.time.Duration.ZERO).build())
                .hasMessageStartingWith("readTimeout");
    }

    @Test
    void aDeliveryWithNoUnsubscribeUrlFromAnySourceIsRefusedBeforeSending() {
        StoreMailSettings noUrl = StoreMailSettings.builder("shop@shop.example.com").build();
        try (SmtpSender bare = SmtpSender.builder().host("127.0.0.1").port(1).security(Security.NONE)
                .store(Deliveries.STORE, noUrl).build()) {
            assertThatThrownBy(() -> bare.send(Deliveries.delivery("seq-1", "alex@example.com")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unsubscribeUrl");
        }
    }

    @Test
    void securityPicksTheDefaultPort() {
        assertThat(Security.STARTTLS.defaultPort()).isEqualTo(587);
        assertThat(Security.IMPLICIT_TLS.defaultPort()).isEqualTo(465);
        assertThat(SmtpSender.builder().host("smtp.example.com").security(Security.IMPLICIT_TLS)
                .store("s", Deliveries.storeMail()).build().toString()).contains("port=465");
    }

    @Test
    void thePasswordAndAddressesStayOutOfToString() {
        sender = builder().credentials("mailer@shop.example.com", "s3cret-pass").build();

        assertThat(sender.toString()).contains("127.0.0.1", "auth=true", Deliveries.STORE)
                .doesNotContain("s3cret-pass").doesNotContain("@");
    }
}

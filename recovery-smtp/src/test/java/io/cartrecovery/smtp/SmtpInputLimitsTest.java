package io.cartrecovery.smtp;

import io.cartrecovery.core.Customer;
import io.cartrecovery.core.Limits;
import io.cartrecovery.core.Message;
import io.cartrecovery.core.SendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender keeps core's limits: what core accepts is sent, with the same address grammar. */
class SmtpInputLimitsTest {
    private final ScriptedSmtpServer server = new ScriptedSmtpServer();
    private SmtpSender sender;

    @AfterEach
    void tearDown() throws IOException {
        if (sender != null) {
            sender.close();
        }
        server.close();
    }

    @Test
    void theSendersLimitsAreCores() {
        assertThat(HeaderValues.MAX_NAME_LENGTH).isEqualTo(Limits.MAX_NAME_LENGTH);
        assertThat(SmtpSender.DEFAULT_MAX_MESSAGE_BYTES).isEqualTo(Limits.MAX_MESSAGE_BYTES);
    }

    @ParameterizedTest
    @ValueSource(ints = {Limits.MAX_NAME_LENGTH - 1, Limits.MAX_NAME_LENGTH})
    void everyFirstNameCoreAcceptsIsSent(int length) {
        sender = server.senderBuilder().build();
        Customer customer = new Customer(Deliveries.STORE, "cust-1", "alex@example.com", "A".repeat(length),
                Locale.US, null, 0, BigDecimal.ZERO, true);

        SendResult result = sender.send(Deliveries.delivery("seq-1", "EMAIL_2H", customer,
                new Message("s".repeat(Limits.MAX_TEXT_LENGTH), "", "t", "h", "Go")));

        assertThat(result).isEqualTo(SendResult.delivered());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop@b\u00fccher.example", "<shop@example.com>", "shop(x)@example.com",
            "shop@-example.com"})
    void storeAddressesUseTheCoreGrammar(String address) {
        assertThatThrownBy(() -> StoreMailSettings.builder(address).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("from is not a valid email");
        assertThatThrownBy(() -> StoreMailSettings.builder("shop@example.com").replyTo(address).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("replyTo is not a valid email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop\u0085", "Shop\u2028", "Shop\u0000", "Shop\t"})
    void displayNamesRefuseControlCharacters(String name) {
        assertThatThrownBy(() -> StoreMailSettings.builder("shop@example.com").fromName(name).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fromName must not contain");
    }
}

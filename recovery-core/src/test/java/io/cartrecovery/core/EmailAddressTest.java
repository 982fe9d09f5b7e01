package io.cartrecovery.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "a.b-c+tag@mail.example.co.uk", "x@a.io", "o'brien@example.com",
            "!#$%&'*+/=?^_`{|}~-@example.com", "UPPER@EXAMPLE.COM", "a@xn--bcher-kva.example"})
    void acceptsDotAtomMailboxes(String address) {
        assertThat(EmailAddress.isValid(address)).isTrue();
        assertThat(EmailAddress.check(address, "email")).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a@b.com>", "a,b@example.com", "a\"b@example.com", "\"a b\"@example.com",
            "a\u0000@example.com", "a\u2028b@example.com", "a\u0085@example.com", "a@-b.com", "a@b-.com",
            "a(x)@b.com", "a@b.com(x)", "a@[192.0.2.1]", "a b@example.com", ".a@example.com", "a.@example.com",
            "a..b@example.com", "a@b", "a@b..com", "a@@b.com", "@example.com", "a@", "a@b.com.", "a@_b.com",
            "a\t@b.com", "a@b.com\r\nBcc: c@d.com", "a;b@example.com", "a:b@example.com", "a\\b@example.com",
            "a[b]@example.com"})
    void refusesMalformedAddresses(String address) {
        assertThat(EmailAddress.isValid(address)).isFalse();
        assertThatThrownBy(() -> EmailAddress.check(address, "email"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("email ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u4061lice@example.com", "jos\u00e9@example.com", "alice@b\u00fccher.example",
            "alice@ex\u0430mple.com"})
    void refusesInternationalisedAddressesSayingSoWithoutEchoingThem(String address) {
        assertThatThrownBy(() -> new Customer("s", "c", address, null, null, null, 0, BigDecimal.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email")
                .hasMessageContaining("internationalised")
                .hasMessageNotContaining("lice")
                .hasMessageNotContaining("example");
    }

    @Test
    void enforcesThePartLengths() {
        String label63 = "d".repeat(63);
        assertThat(EmailAddress.isValid("l".repeat(64) + "@example.com")).isTrue();
        assertThat(EmailAddress.isValid("l".repeat(65) + "@example.com")).isFalse();
        assertThat(EmailAddress.isValid("a@" + label63 + ".com")).isTrue();
        assertThat(EmailAddress.isValid("a@" + label63 + "d.com")).isFalse();
        String longest = "l".repeat(59) + "@" + label63 + "." + label63 + "." + label63 + ".co"; // 254
        assertThat(longest).hasSize(Limits.MAX_EMAIL_LENGTH);
        assertThat(EmailAddress.isValid(longest)).isTrue();
        assertThat(EmailAddress.isValid("l" + longest)).isFalse();
    }

    @Test
    void customersAndSuppressionsUseTheSameGrammar() {
        String longest = "l".repeat(59) + "@" + "d".repeat(63) + "." + "d".repeat(63) + "." + "d".repeat(63) + ".co";
        Customer customer = new Customer("s", "c", longest, null, null, null, 0, BigDecimal.ZERO, true);
        assertThat(SuppressionKey.email(customer.email())).isEqualTo(SuppressionKey.email(longest.toUpperCase(java.util.Locale.ROOT)));
        assertThatThrownBy(() -> SuppressionKey.email("a,b@example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address ");
        assertThatThrownBy(() -> new Customer("s", "c", "a(x)@b.com", null, null, null, 0, BigDecimal.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("email ");
    }
}

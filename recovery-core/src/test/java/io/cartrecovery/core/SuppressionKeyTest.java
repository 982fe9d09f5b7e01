package io.cartrecovery.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuppressionKeyTest {

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keysHoldTheDigestOfTheNormalisedValueOnly() throws Exception {
        SuppressionKey email = SuppressionKey.email("Alex.Doe@Example.COM");

        assertThat(email.value()).isEqualTo(sha256("alex.doe@example.com")).doesNotContain("alex");
        assertThat(email).isEqualTo(SuppressionKey.email("alex.doe@example.com"));
        assertThat(SuppressionKey.customer("cust-42").value()).isEqualTo(sha256("cust-42"));
        assertThat(SuppressionKey.customer("a@b.co")).isNotEqualTo(SuppressionKey.email("a@b.co"));
        assertThat(email.toString()).isEqualTo("SuppressionKey[EMAIL]");
    }

    @Test
    void aKeyBuiltByHandMustBeADigest() {
        assertThatThrownBy(() -> new SuppressionKey(SuppressionKey.Kind.EMAIL, "alex@example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("value ")
                .hasMessageNotContaining("alex");
        assertThatThrownBy(() -> new SuppressionKey(SuppressionKey.Kind.EMAIL, "A".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuppressionKey.customer(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("customerId ");
        assertThat(new SuppressionKey(SuppressionKey.Kind.CUSTOMER, "0".repeat(64)).value()).hasSize(64);
    }
}

package io.cartrecovery.smtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreMailSettingsTest {

    private static StoreMailSettings.Builder valid() {
        return StoreMailSettings.builder("shop@shop.example.com")
                .unsubscribeUrlTemplate("https://shop.example.com/u?s={storeId}&q={sequenceId}");
    }

    @Test
    void messageIdDomainDefaultsToTheSendersDomain() {
        assertThat(valid().build().messageIdDomain()).isEqualTo("shop.example.com");
    }

    @Test
    void fillsTheTemplatesUrlEncoded() {
        StoreMailSettings settings = valid().unsubscribeMailto("mailto:u@shop.example.com?subject={sequenceId}")
                .build();

        assertThat(settings.unsubscribeUrl("store a", "seq&1"))
                .isEqualTo(URI.create("https://shop.example.com/u?s=store%20a&q=seq%261"));
        assertThat(settings.unsubscribeMailto("store a", "seq&1"))
                .isEqualTo(URI.create("mailto:u@shop.example.com?subject=seq%261"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fromName", "replyTo", "messageIdDomain", "unsubscribeUrlTemplate", "unsubscribeMailto"})
    void rejectsLineBreaksInEveryHeaderValue(String field) {
        StoreMailSettings.Builder builder = valid();
        String injected = "x\r\nBcc: victim@example.com";
        switch (field) {
            case "fromName" -> builder.fromName("Shop" + injected);
            case "replyTo" -> builder.replyTo("help@shop.example.com" + injected);
            case "messageIdDomain" -> builder.messageIdDomain("shop.example.com" + injected);
            case "unsubscribeUrlTemplate" -> builder.unsubscribeUrlTemplate("https://shop.example.com/u" + injected);
            default -> builder.unsubscribeMailto("mailto:u@shop.example.com" + injected);
        }

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field);
    }

    @Test
    void rejectsLineBreaksInTheFromAddress() {
        assertThatThrownBy(() -> StoreMailSettings.builder("shop@shop.example.com\nBcc: x@example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop <shop@shop.example.com>", "not-an-address", "a@b.com, c@d.com"})
    void fromMustBeOneBareAddress(String from) {
        assertThatThrownBy(() -> StoreMailSettings.builder(from).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://shop.example.com/u", "/u?q={sequenceId}", "https://shop.example.com/u ?x"})
    void theUnsubscribeUrlMustBeAbsoluteHttps(String template) {
        assertThatThrownBy(() -> valid().unsubscribeUrlTemplate(template).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unsubscribeUrlTemplate");
    }

    @Test
    void theMailtoMustBeAMailtoUrl() {
        assertThatThrownBy(() -> valid().unsubscribeMailto("https://shop.example.com/u").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unsubscribeMailto");
    }
}

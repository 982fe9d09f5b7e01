package io.cartrecovery.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartrecovery.core.Cart;
import io.cartrecovery.core.Customer;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoveryEvent;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.test.Fixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Core's hand-written export JSON read back by Jackson, and settings stored before retention existed. */
class CustomerExportJsonTest {
    private static final String HOSTILE = "\"quote\" \\back\\ \n\r\t\u0000\u001f\u007f</script>\u2028\u2029 é 😀 \ud800";

    @Test
    void jacksonReadsBackEveryValueOfAHostileExport() throws Exception {
        Customer customer = new Customer("s", "c\"1\\", "o'brien+x@example.com", "Zoë \"Z\" O'Brien </b>", null,
                null, 3, new BigDecimal("1234.5000"), true);
        Cart cart = Fixtures.cart("s", "k1", "c\"1\\", T0);
        RecoveryEvent event = new RecoveryEvent("s", EventType.STEP_FAILED, "q1", "k\"1", "c\"1\\", "EMAIL_2H", null,
                new BigDecimal("1E+2"), HOSTILE, T0);
        CustomerExport export = new CustomerExport("s", "c\"1\\", customer, List.of(cart), List.of(),
                List.of(event), true, false);

        JsonNode json = new ObjectMapper().readTree(export.toJson());

        assertThat(json.get("customerId").asText()).isEqualTo("c\"1\\");
        assertThat(json.get("customer").get("firstName").asText()).isEqualTo(customer.firstName());
        assertThat(json.get("customer").get("email").asText()).isEqualTo(customer.email());
        assertThat(json.get("customer").get("lifetimeValue").decimalValue()).isEqualByComparingTo("1234.5");
        assertThat(json.get("customer").get("locale").isNull()).isTrue();
        assertThat(json.get("carts").get(0).get("items")).hasSize(3);
        assertThat(json.get("carts").get(0).get("restoreUrl").asText()).isEqualTo(cart.restoreUrl());
        assertThat(json.get("events").get(0).get("detail").asText()).isEqualTo(HOSTILE);
        assertThat(json.get("events").get(0).get("value").decimalValue()).isEqualByComparingTo("100");
        assertThat(json.get("events").get(0).get("at").asText()).isEqualTo(T0.toString());
        assertThat(json.get("suppression").get("optedOut").asBoolean()).isTrue();
        assertThat(export.toJson()).doesNotContain("\u2028", "\n");
    }

    @Test
    void settingsStoredBeforeRetentionExistedGetTheDefault() {
        Json json = new Json();
        String stored = json.write(StoreSettings.builder("s").retention(Duration.ofDays(30)).build())
                .replaceAll(",\"retention\":\"[^\"]*\"", "");
        assertThat(stored).doesNotContain("retention");

        assertThat(json.read(stored, StoreSettings.class).retention()).isEqualTo(StoreSettings.DEFAULT_RETENTION);
        assertThat(json.read(json.write(StoreSettings.builder("s").retention(Duration.ofDays(30)).build()),
                StoreSettings.class).retention()).isEqualTo(Duration.ofDays(30));
    }
}

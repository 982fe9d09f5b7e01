package io.cartrecovery.shopify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartrecovery.core.Channel;
import io.cartrecovery.core.CustomerExport;
import io.cartrecovery.core.SequenceStatus;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.test.RecoveryTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.cartrecovery.shopify.Samples.DOMAIN;
import static io.cartrecovery.shopify.Samples.SECRET;
import static io.cartrecovery.shopify.Samples.STORE;
import static io.cartrecovery.shopify.Samples.bytes;
import static io.cartrecovery.shopify.Samples.headers;
import static io.cartrecovery.shopify.Samples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compliance webhooks carried out by the engine, from Shopify's own sample payloads. */
class EngineComplianceTest {
    private static final String CUSTOMER = "603851970716743426"; // the sample checkout's customer
    private static final String EMAIL = "example@email.com"; // the sample checkout's address

    private final RecoveryTestKit kit = RecoveryTestKit.builder()
            .configureStore(StoreSettings.builder(STORE).exactTiming().build())
            .build();
    private final List<List<CustomerExport>> exports = new ArrayList<>();
    private final ShopifyWebhooks webhooks = ShopifyWebhooks.builder(kit.engine(), kit.store())
            .shop(STORE, DOMAIN, SECRET)
            .compliance(ShopifyCompliance.erasing(kit.engine(), (request, found) -> exports.add(found)))
            .clock(kit.clock())
            .build();

    @AfterEach
    void close() {
        kit.close();
    }

    private WebhookResult deliver(String topic, String webhookId, ObjectNode payload) {
        byte[] body = bytes(payload);
        return webhooks.handle(headers(topic, webhookId, body), body);
    }

    /** The sample checkout, abandoned: its customer has an active sequence. */
    private void abandonedCheckout() {
        deliver("checkouts/create", "w-checkout", sample("checkouts/create",
                s -> s.put("updated_at", kit.now().toString())));
        kit.advance(Duration.ofMinutes(31));
        assertThat(kit.store().activeSequenceOfCustomer(STORE, CUSTOMER)).isPresent();
    }

    private static ObjectNode compliance(String topic) {
        return sample(topic, s -> {
            s.put("shop_domain", DOMAIN);
            ((ObjectNode) s.get("customer")).put("id", Long.parseLong(CUSTOMER)).put("email", EMAIL);
        });
    }

    @Test
    void customersRedactStopsTheSequenceAndLeavesNothingOfTheCustomer() {
        abandonedCheckout();
        String sequenceId = kit.store().activeSequenceOfCustomer(STORE, CUSTOMER).orElseThrow().id();

        WebhookResult result = deliver("customers/redact", "w-redact", compliance("customers/redact"));

        assertThat(result.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(kit.engine().exportCustomer(STORE, CUSTOMER).isEmpty()).isTrue();
        assertThat(kit.store().customer(STORE, CUSTOMER)).isEmpty();
        assertThat(kit.store().cart(STORE, "123123123")).isEmpty();
        assertThat(kit.store().sequence(STORE, sequenceId)).isEmpty();
        assertThat(kit.store().eventsOfSequence(STORE, sequenceId)).isNotEmpty()
                .noneMatch(e -> CUSTOMER.equals(e.customerId()))
                .anyMatch(e -> StopReason.ERASED.name().equals(e.detail()));
    }

    @Test
    void anErasedCustomersNextCheckoutIsNeverEmailed() {
        abandonedCheckout();
        deliver("customers/redact", "w-redact", compliance("customers/redact"));

        deliver("checkouts/create", "w-again", sample("checkouts/create", s -> s.put("token", "again")
                .put("cart_token", "again").put("updated_at", kit.now().toString())));
        kit.advance(Duration.ofDays(4));

        assertThat(kit.sent(Channel.POPUP)).isNotEmpty(); // the new cart has its sequence
        assertThat(kit.sent(Channel.EMAIL)).isEmpty(); // but the address stays suppressed, as a digest
    }

    @Test
    void aDataRequestHandsOverWhatIsHeldAboutTheCustomer() {
        abandonedCheckout();

        deliver("customers/data_request", "w-data", compliance("customers/data_request"));

        assertThat(exports).singleElement().satisfies(found -> {
            assertThat(found).filteredOn(export -> !export.isEmpty()).singleElement().satisfies(export -> {
                assertThat(export.customerId()).isEqualTo(CUSTOMER);
                assertThat(export.toJson()).contains(EMAIL).contains("123123123");
                assertThat(export.sequences()).singleElement()
                        .satisfies(s -> assertThat(s.status()).isEqualTo(SequenceStatus.ACTIVE));
            });
        });
    }

    @Test
    void shopRedactErasesTheStore() {
        abandonedCheckout();

        deliver("shop/redact", "w-shop", sample("shop/redact", s -> s.put("shop_domain", DOMAIN)));

        assertThat(kit.store().settings(STORE)).isEmpty();
        assertThat(kit.store().customer(STORE, CUSTOMER)).isEmpty();
        assertThat(kit.store().activeSequenceOfCustomer(STORE, CUSTOMER)).isEmpty();
    }

    @Test
    void theEngineAndTheExportsMustBeGiven() {
        assertThatThrownBy(() -> ShopifyCompliance.erasing(null, (request, found) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engine");
        assertThatThrownBy(() -> ShopifyCompliance.erasing(kit.engine(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exports");
    }
}

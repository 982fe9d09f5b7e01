package io.cartrecovery.shopify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartrecovery.core.EventType;
import io.cartrecovery.core.RecoverySequence;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.StopReason;
import io.cartrecovery.core.StoreAccessException;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.SuppressionKey;
import io.cartrecovery.shopify.WebhookResult.Status;
import io.cartrecovery.test.RecoveryTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cartrecovery.shopify.Samples.DOMAIN;
import static io.cartrecovery.shopify.Samples.SECRET;
import static io.cartrecovery.shopify.Samples.STORE;
import static io.cartrecovery.shopify.Samples.bytes;
import static io.cartrecovery.shopify.Samples.headers;
import static io.cartrecovery.shopify.Samples.sample;
import static io.cartrecovery.shopify.Samples.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopifyWebhooksTest {
    private final RecoveryTestKit kit = RecoveryTestKit.builder()
            .configureStore(StoreSettings.builder(STORE).exactTiming().build())
            .configureStore(StoreSettings.defaults(Samples.PLACEHOLDER_STORE))
            .build();
    private final RecordingCompliance compliance = new RecordingCompliance();
    private final ShopifyWebhooks webhooks = ShopifyWebhooks.builder(kit.engine(), kit.store())
            .shop(STORE, DOMAIN, SECRET)
            .shop(Samples.PLACEHOLDER_STORE, Samples.PLACEHOLDER_DOMAIN, Samples.PLACEHOLDER_SECRET)
            .compliance(compliance)
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

    /** The sample checkout, updated now, so that the engine abandons it after its 30 minutes. */
    private static ObjectNode checkoutNow(RecoveryTestKit kit) {
        return sample("checkouts/create", s -> s.put("updated_at", kit.now().toString()));
    }

    @Test
    void aCheckoutBecomesACartThatIsAbandonedAndTheOrderStopsItsSequence() {
        WebhookResult result = deliver("checkouts/create", "w-1", checkoutNow(kit));
        kit.advance(Duration.ofMinutes(31));
        RecoverySequence sequence = kit.sequence(STORE, "123123123");
        ObjectNode order = sample("orders/create", s -> s.put("checkout_token", "123123123")
                .put("processed_at", kit.now().toString()));

        WebhookResult purchase = deliver("orders/create", "w-2", order);

        assertThat(result).isEqualTo(new WebhookResult(Status.PROCESSED, 200, "checkouts/create", "2026-07"));
        assertThat(sequence.customerId()).isEqualTo("603851970716743426");
        assertThat(purchase.status()).isEqualTo(Status.PROCESSED);
        assertThat(kit.sequence(STORE, "123123123").stopReason()).isEqualTo(StopReason.PURCHASED);
        assertThat(kit.engine().history(STORE, sequence.id())).filteredOn(e -> e.type() == EventType.CART_RECOVERED)
                .singleElement().satisfies(e -> assertThat(e.value()).isEqualByComparingTo("404.95"));
    }

    @Test
    void aRedeliveryIsADuplicateThatChangesNothing() {
        deliver("checkouts/create", "w-1", checkoutNow(kit));
        kit.advance(Duration.ofMinutes(31));
        ObjectNode order = sample("orders/create", s -> s.put("checkout_token", "123123123")
                .put("processed_at", kit.now().toString()));
        deliver("orders/create", "w-2", order);
        // the same customer comes back with a new cart: a replayed order would stop its sequence
        deliver("checkouts/create", "w-3", sample("checkouts/create", s -> s.put("token", "t-2")
                .put("updated_at", kit.now().toString())));
        kit.advance(Duration.ofMinutes(31));
        int events = kit.store().events(STORE, kit.now().minus(Duration.ofDays(3650)), kit.now()).size();

        WebhookResult replay = deliver("orders/create", "w-2", order);

        assertThat(replay).isEqualTo(new WebhookResult(Status.DUPLICATE, 200, "orders/create", "2026-07"));
        assertThat(kit.sequence(STORE, "t-2").isActive()).isTrue();
        assertThat(kit.store().events(STORE, kit.now().minus(Duration.ofDays(3650)), kit.now())).hasSize(events);
    }

    @Test
    void aForgedOrTamperedDeliveryIsRefused401AndStoresNothing() {
        byte[] body = bytes(checkoutNow(kit));
        byte[] tampered = bytes(checkoutNow(kit).put("total_price", "0.01"));
        List<WebhookHeaders> forged = List.of(
                headers("checkouts/create", "w-1", DOMAIN, sign(body, "wrong-secret")),
                headers("checkouts/create", "w-2", DOMAIN, null),
                headers("checkouts/create", "w-3", DOMAIN, sign(body, Samples.PLACEHOLDER_SECRET)),
                headers("checkouts/create", "w-4", DOMAIN, "not base64!"));

        for (WebhookHeaders headers : forged) {
            assertThatThrownBy(() -> webhooks.handle(headers, body)).isInstanceOfSatisfying(
                    WebhookRejectedException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.header()).isEqualTo("X-Shopify-Hmac-Sha256");
                        assertThat(e.getMessage()).isEqualTo("X-Shopify-Hmac-Sha256 is not a valid signature of the body");
                    });
        }
        assertThatThrownBy(() -> webhooks.handle(headers("checkouts/create", "w-5", DOMAIN, sign(body, SECRET)),
                tampered)).isInstanceOf(WebhookRejectedException.class);
        assertThat(kit.store().cart(STORE, "123123123")).isEmpty();
    }

    @Test
    void aWebhookIdThatNoStoreCouldKeepIsRefusedBeforeAnythingIsStored() {
        byte[] body = bytes(checkoutNow(kit));

        for (String id : List.of("w\u0000x", "w 1", "w-\u00e9", "w".repeat(200))) {
            assertThatThrownBy(() -> webhooks.handle(headers("checkouts/create", id, body), body))
                    .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("X-Shopify-Webhook-Id");
                    });
        }
        assertThat(kit.store().cart(STORE, "123123123")).isEmpty();
    }

    @Test
    void anUnknownOrMissingShopIsNotABadSignature() {
        byte[] body = bytes(checkoutNow(kit));

        assertThatThrownBy(() -> webhooks.handle(headers("checkouts/create", "w-1", "typo.myshopify.com",
                sign(body, SECRET)), body)).isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.reason()).isEqualTo("is not a shop this service serves");
                });
        assertThatThrownBy(() -> webhooks.handle(WebhookHeaders.of(Map.of("X-Shopify-Topic", "checkouts/create",
                "X-Shopify-Hmac-Sha256", sign(body, SECRET))), body)).isInstanceOfSatisfying(
                WebhookRejectedException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        assertThatThrownBy(() -> webhooks.handle(WebhookHeaders.of(Map.of("X-Shopify-Shop-Domain", DOMAIN,
                "X-Shopify-Hmac-Sha256", sign(body, SECRET))), body)).isInstanceOfSatisfying(
                WebhookRejectedException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("X-Shopify-Topic must be given"));
        assertThat(kit.store().cart(STORE, "123123123")).isEmpty();
    }

    @Test
    void headersAreFoundInAnyCaseAndFromListsToo() {
        byte[] body = bytes(checkoutNow(kit));

        WebhookResult result = webhooks.handle(WebhookHeaders.ofLists(Map.of(
                "x-shopify-topic", List.of("checkouts/create"), "X-SHOPIFY-SHOP-DOMAIN", List.of("Shop-1.MyShopify.com"),
                "x-shopify-hmac-sha256", List.of(sign(body, SECRET)), "x-shopify-webhook-id", List.of("w-1"),
                "x-shopify-api-version", List.of("2025-01"))), body);

        assertThat(result).isEqualTo(new WebhookResult(Status.PROCESSED, 200, "checkouts/create", "2025-01"));
        assertThat(kit.store().cart(STORE, "123123123")).isPresent();
        assertThat(WebhookHeaders.of(Map.of("X-Shopify-Hmac-Sha256", "c2VjcmV0")).toString())
                .isEqualTo("WebhookHeaders[X-Shopify-Hmac-Sha256]");
    }

    @Test
    void aMappingErrorNamesTheFieldStoresNothingAndTheRetryGetsThrough() {
        ObjectNode bad = checkoutNow(kit);
        ((ObjectNode) bad.get("line_items").get(1)).put("price", "-1");

        assertThatThrownBy(() -> deliver("checkouts/create", "w-1", bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line_items[1].price must not be negative");
        assertThat(kit.store().cart(STORE, "123123123")).isEmpty();
        assertThat(kit.store().customer(STORE, "603851970716743426")).isEmpty();
        assertThat(deliver("checkouts/create", "w-1", checkoutNow(kit)).status()).isEqualTo(Status.PROCESSED);
    }

    @Test
    void aDeliveryThatFailsIsReleasedForShopifysRetry() {
        compliance.failures = 1;
        ObjectNode redact = sample("customers/redact");
        byte[] body = bytes(redact);
        WebhookHeaders headers = headers("customers/redact", "w-1", Samples.PLACEHOLDER_DOMAIN,
                sign(body, Samples.PLACEHOLDER_SECRET));

        assertThatThrownBy(() -> webhooks.handle(headers, body)).hasMessage("the host's erasure is down");
        WebhookResult retry = webhooks.handle(headers, body);

        assertThat(retry.status()).isEqualTo(Status.PROCESSED);
        assertThat(compliance.calls).containsExactly("customerRedact:191167");
        assertThat(webhooks.handle(headers, body).status()).isEqualTo(Status.DUPLICATE);
    }

    @Test
    void aDeliveryInProgressElsewhereIsAnswered409UntilItsHoldEnds() {
        byte[] body = bytes(checkoutNow(kit));
        WebhookHeaders headers = headers("checkouts/create", "w-1", body);
        // another node claimed the webhook and is processing it (or died doing so)
        kit.store().claimReceipt(STORE, "shopify:w-1", kit.now(), kit.now().plus(ShopifyWebhooks.DEFAULT_HOLD));

        WebhookResult meanwhile = webhooks.handle(headers, body);
        kit.advance(ShopifyWebhooks.DEFAULT_HOLD);
        WebhookResult afterTheHold = webhooks.handle(headers, body);

        assertThat(meanwhile).isEqualTo(new WebhookResult(Status.IN_PROGRESS, 409, "checkouts/create", "2026-07"));
        assertThat(afterTheHold.status()).isEqualTo(Status.PROCESSED);
        assertThat(kit.store().cart(STORE, "123123123")).isPresent();
    }

    @Test
    void anUnsubscribedConsentOptsTheCustomerOutAndSuppressesTheAddress() {
        deliver("checkouts/create", "w-1", checkoutNow(kit));
        kit.advance(Duration.ofMinutes(31));
        ObjectNode notSubscribed = sample("customers_email_marketing_consent/update",
                s -> s.put("customer_id", "603851970716743426").put("email_address", "example@email.com"));
        ObjectNode unsubscribed = notSubscribed.deepCopy();
        ((ObjectNode) unsubscribed.get("email_marketing_consent")).put("state", "unsubscribed");

        WebhookResult ignored = deliver("customers_email_marketing_consent/update", "w-2", notSubscribed);
        boolean activeBefore = kit.sequence(STORE, "123123123").isActive();
        WebhookResult optOut = deliver("customers_email_marketing_consent/update", "w-3", unsubscribed);

        assertThat(ignored.status()).isEqualTo(Status.IGNORED);
        assertThat(activeBefore).isTrue();
        assertThat(optOut.status()).isEqualTo(Status.PROCESSED);
        assertThat(kit.sequence(STORE, "123123123").stopReason()).isEqualTo(StopReason.OPTED_OUT);
        assertThat(kit.store().isSuppressed(STORE, SuppressionKey.email("example@email.com"))).isTrue();
        assertThat(deliver("customers/update", "w-4", sample("customers/update")).status())
                .isEqualTo(Status.IGNORED); // 2026-07 customers carry no consent
    }

    @Test
    void theComplianceTopicsReachThePortWithTheirPayload() {
        for (String topic : List.of("customers/redact", "customers/data_request", "shop/redact")) {
            byte[] body = bytes(sample(topic));
            WebhookResult result = webhooks.handle(headers(topic, "w-" + topic, Samples.PLACEHOLDER_DOMAIN,
                    sign(body, Samples.PLACEHOLDER_SECRET)), body);
            assertThat(result.status()).as(topic).isEqualTo(Status.PROCESSED);
        }

        assertThat(compliance.calls).containsExactly("customerRedact:191167", "dataRequest:191167", "shopRedact:null");
        assertThat(compliance.requests).allSatisfy(r -> assertThat(r.storeId()).isEqualTo(Samples.PLACEHOLDER_STORE));
        assertThat(compliance.requests.get(1).dataRequestId()).isEqualTo("9999");
    }

    @Test
    void withoutACompliancePortTheTopicsAreAcknowledgedAndNothingElseHappens() {
        ShopifyWebhooks bare = ShopifyWebhooks.builder(kit.engine(), kit.store())
                .shop(Samples.PLACEHOLDER_STORE, Samples.PLACEHOLDER_DOMAIN, Samples.PLACEHOLDER_SECRET)
                .clock(kit.clock()).build();
        byte[] body = bytes(sample("customers/redact"));

        WebhookResult result = bare.handle(headers("customers/redact", "w-1", Samples.PLACEHOLDER_DOMAIN,
                sign(body, Samples.PLACEHOLDER_SECRET)), body);

        assertThat(result).isEqualTo(new WebhookResult(Status.IGNORED, 200, "customers/redact", "2026-07"));
        assertThat(compliance.calls).isEmpty();
    }

    @Test
    void otherTopicsAndOrdersPaidAreAcknowledgedAndIgnored() {
        assertThat(deliver("orders/paid", "w-1", sample("orders/create")).status()).isEqualTo(Status.IGNORED);
        assertThat(deliver("products/update", "w-2", Samples.JSON.createObjectNode()).status())
                .isEqualTo(Status.IGNORED);
        assertThat(deliver("orders/create", "w-3", sample("orders/create", s -> s.remove(List.of("customer",
                "email", "contact_email")))).status()).isEqualTo(Status.IGNORED); // no checkout, no buyer
    }

    @Test
    void receiptsAreKeptForTheRetentionThenPurged() {
        deliver("checkouts/create", "w-1", checkoutNow(kit));
        assertThat(webhooks.purgeReceipts()).isZero();

        kit.advance(ShopifyWebhooks.DEFAULT_RETENTION.plusSeconds(1));

        assertThat(webhooks.purgeReceipts()).isEqualTo(1);
        assertThat(deliver("checkouts/create", "w-1", checkoutNow(kit)).status()).isEqualTo(Status.PROCESSED);
    }

    @Test
    void everyFewHundredWebhooksABatchOfExpiredReceiptsIsPurged() {
        deliver("customers/update", "w-old", sample("customers/update"));
        kit.advance(ShopifyWebhooks.DEFAULT_RETENTION.plusSeconds(1));
        for (int i = 1; i < ShopifyWebhooks.PURGE_EVERY - 1; i++) {
            deliver("customers/update", "w-" + i, sample("customers/update"));
        }
        assertThat(deliver("customers/update", "w-old", sample("customers/update")).status())
                .as("not purged yet").isEqualTo(Status.DUPLICATE);

        deliver("customers/update", "w-last", sample("customers/update")); // the 256th processed

        assertThat(deliver("customers/update", "w-old", sample("customers/update")).status())
                .as("purged: a delivery that old counts as new").isEqualTo(Status.IGNORED);
    }

    @Test
    void aFailingPurgeDoesNotLoseTheAnswerOfTheWebhookThatTriggeredIt() {
        RecoveryStore store = kit.store();
        RecoveryStore purgeFails = (RecoveryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RecoveryStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("purgeReceipts")) {
                        throw new StoreAccessException("the database is away", null);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ShopifyWebhooks failing = ShopifyWebhooks.builder(kit.engine(), purgeFails).shop(STORE, DOMAIN, SECRET)
                .clock(kit.clock()).build();
        List<Status> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < ShopifyWebhooks.PURGE_EVERY; i++) {
            byte[] body = bytes(sample("customers/update"));
            statuses.add(failing.handle(headers("customers/update", "w-" + i, body), body).status());
        }

        assertThat(statuses).hasSize(ShopifyWebhooks.PURGE_EVERY).containsOnly(Status.IGNORED);
        assertThatThrownBy(failing::purgeReceipts).isInstanceOf(StoreAccessException.class);
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        ShopifyWebhooks.Builder builder = ShopifyWebhooks.builder(kit.engine(), kit.store()).shop(STORE, DOMAIN, SECRET);
        assertThatThrownBy(() -> builder.shop("other", "SHOP-1.myshopify.com", "s"))
                .hasMessage("shops must have distinct shop domains and store ids");
        assertThatThrownBy(() -> builder.shop(STORE, "other.myshopify.com", "s"))
                .hasMessage("shops must have distinct shop domains and store ids");
        assertThatThrownBy(() -> builder.shop("other", "other.myshopify.com", " ")).hasMessage(
                "webhookSecret must not be blank");
        assertThatThrownBy(() -> ShopifyWebhooks.builder(kit.engine(), kit.store()).build())
                .hasMessage("shops must not be empty");
        assertThatThrownBy(() -> builder.hold(Duration.ofDays(8)).build())
                .hasMessage("retention must be at least the hold");
        assertThatThrownBy(() -> ShopifyWebhooks.builder(null, kit.store())).hasMessage("engine must not be null");
    }
}

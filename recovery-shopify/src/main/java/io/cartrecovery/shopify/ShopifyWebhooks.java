package io.cartrecovery.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartrecovery.core.EmailAddress;
import io.cartrecovery.core.Order;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.spi.WebhookReceipts;
import io.cartrecovery.shopify.WebhookResult.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shopify's webhooks, for any HTTP stack: hand {@link #handle} the headers and the raw body of a delivery and
 * answer with what it returns ({@link WebhookResult#httpStatus()}) or throws.
 *
 * <p>Each delivery is checked before anything else: {@code X-Shopify-Shop-Domain} must be a configured shop
 * (else 404: most often a configuration error, logged with the configured domains), {@code X-Shopify-Hmac-Sha256}
 * must be the HMAC-SHA256 of the raw bytes under that shop's secret, compared in constant time (else 401), and
 * {@code X-Shopify-Topic} must be given (else 400); these throw {@link WebhookRejectedException}. A payload that
 * cannot be mapped throws {@link IllegalArgumentException} naming the field ({@code line_items[2].price}), to be
 * answered 400; nothing is stored then.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>topic</th><th>effect</th></tr>
 *   <tr><td>{@code checkouts/create}, {@code checkouts/update}</td><td>{@link RecoveryEngine#cartUpdated}: the
 *       engine decides when the cart counts as abandoned. A guest (no customer) is a customer whose id derives
 *       from the email; a checkout without customer and email is an anonymous cart, which never gets a sequence;
 *       a customer without email gets popups only (email steps are skipped as {@code NO_EMAIL}).</td></tr>
 *   <tr><td>{@code orders/create}</td><td>{@link RecoveryEngine#orderPlaced} at {@code processed_at}: the
 *       purchase stops the sequence. An order with neither {@code checkout_token} nor buyer is ignored.</td></tr>
 *   <tr><td>{@code orders/paid}</td><td>ignored: it reports an order {@code orders/create} reported already (the
 *       engine times a purchase by when it was placed, paid or not, and a placed order must stop the emails at
 *       once); taking it too would record the purchase twice.</td></tr>
 *   <tr><td>{@code customers_email_marketing_consent/update}, {@code customers/update}</td><td>an
 *       {@code unsubscribed} (or {@code redacted}) email marketing state opts the customer out
 *       ({@link RecoveryEngine#customerOptedOut}) and suppresses the address; other states change nothing, since
 *       every checkout carries the consent again. From API version 2025-01 {@code customers/update} no longer
 *       carries the state and is ignored.</td></tr>
 *   <tr><td>{@code customers/redact}, {@code shop/redact}, {@code customers/data_request}</td><td>the
 *       {@link ShopifyCompliance} port; without one they are acknowledged and logged as not acted on.</td></tr>
 *   <tr><td>anything else</td><td>ignored, answered 200 so that Shopify does not retry.</td></tr>
 * </table>
 *
 * <p><b>Redeliveries.</b> Shopify delivers at least once and retries what was not answered 2xx. Each
 * {@code X-Shopify-Webhook-Id} is claimed in the store ({@link WebhookReceipts}) before the webhook is processed:
 * of concurrent deliveries on any number of nodes exactly one processes, the others answer
 * {@link Status#IN_PROGRESS} (409, Shopify retries) while it runs and {@link Status#DUPLICATE} once it succeeded;
 * a restart changes nothing, since the receipts live in the store. When processing fails the claim is released at
 * once, so that Shopify's retry gets through; a claim whose node died is taken over after
 * {@link Builder#hold}. A retry may repeat the engine calls a failed attempt made before it failed: each of them
 * is idempotent (a cart update, an order, an opt-out, a suppression), and so must a {@link ShopifyCompliance} be.
 * A failed delivery releases only its own claim: one another node took over after its hold passed stays. Receipts
 * are kept for {@link Builder#retention} and purged in batches of at most
 * {@value #PURGE_BATCH}, one batch after every {@value #PURGE_EVERY} webhooks processed on this node, or when the
 * host calls {@link #purgeReceipts()}.
 */
public final class ShopifyWebhooks {
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(5);
    /** Far longer than Shopify keeps retrying a delivery. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    static final int PURGE_BATCH = 500;
    static final int PURGE_EVERY = 256;
    static final String KEY_PREFIX = "shopify:";

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyWebhooks.class);
    private final RecoveryEngine engine;
    private final WebhookReceipts receipts;
    private final Map<String, Shop> shops;
    private final ShopifyCompliance compliance;
    private final CustomerHistory history;
    private final Clock clock;
    private final Duration hold;
    private final Duration retention;
    private final AtomicLong processed = new AtomicLong();

    private record Shop(String storeId, String domain, String secret) {
        @Override
        public String toString() {
            return "Shop[storeId=" + storeId + ", domain=" + domain + "]"; // the secret stays out of logs
        }
    }

    private ShopifyWebhooks(Builder b) {
        this.engine = b.engine;
        this.receipts = b.store;
        this.shops = Map.copyOf(b.shops);
        this.compliance = b.compliance;
        this.history = b.history != null ? b.history : CustomerHistory.recorded(b.store);
        this.clock = b.clock;
        this.hold = b.hold;
        this.retention = b.retention;
    }

    /**
     * A builder over {@code engine} and the {@code store} it was built with: the store keeps the webhook receipts
     * (and, by default, the customer history).
     */
    public static Builder builder(RecoveryEngine engine, RecoveryStore store) {
        return new Builder(engine, store);
    }

    /**
     * Handles one delivery: {@code headers} as received, {@code body} the raw bytes (before any JSON parsing,
     * which would change what was signed).
     *
     * @throws WebhookRejectedException for an unknown shop, a bad signature or a missing topic (nothing read)
     * @throws IllegalArgumentException naming the field, for a payload that cannot be mapped (nothing stored)
     */
    public WebhookResult handle(WebhookHeaders headers, byte[] body) {
        if (headers == null || body == null) {
            throw new IllegalArgumentException((headers == null ? "headers" : "body") + " must not be null");
        }
        Shop shop = shop(headers.get("X-Shopify-Shop-Domain"));
        if (!ShopifySignature.verify(body, headers.get("X-Shopify-Hmac-Sha256"), shop.secret())) {
            throw new WebhookRejectedException(401, "X-Shopify-Hmac-Sha256", "is not a valid signature of the body");
        }
        String topic = headers.get("X-Shopify-Topic");
        if (topic == null) {
            throw new WebhookRejectedException(400, "X-Shopify-Topic", "must be given");
        }
        String apiVersion = headers.get("X-Shopify-API-Version");
        if (!Topics.handles(topic)) {
            return WebhookResult.of(Status.IGNORED, topic, apiVersion);
        }
        String key = key(headers.get("X-Shopify-Webhook-Id"));
        Instant holdUntil = null;
        if (key != null) {
            Instant now = clock.instant();
            holdUntil = now.plus(hold);
            switch (receipts.claimReceipt(shop.storeId(), key, now, holdUntil)) {
                case DONE -> {
                    return WebhookResult.of(Status.DUPLICATE, topic, apiVersion);
                }
                case HELD -> {
                    return WebhookResult.of(Status.IN_PROGRESS, topic, apiVersion);
                }
                case CLAIMED -> { } // ours: process it
            }
        }
        Status status;
        try {
            status = process(shop, topic, ShopifyPayloads.parse(body));
        } catch (RuntimeException | Error e) {
            if (key != null) {
                receipts.releaseReceipt(shop.storeId(), key, holdUntil); // not processed: Shopify's retry gets through
            }
            throw e;
        }
        if (key != null) {
            receipts.completeReceipt(shop.storeId(), key, clock.instant());
        }
        LOG.debug("webhook {} (API {}) of store {}: {}", topic, apiVersion, shop.storeId(), status);
        if (processed.incrementAndGet() % PURGE_EVERY == 0) {
            try {
                purgeReceipts();
            } catch (RuntimeException e) {
                // the webhook was processed and recorded: its answer must not be lost to housekeeping
                LOG.warn("purging old webhook receipts failed, tried again after {} more: {}", PURGE_EVERY,
                        e.getClass().getName());
            }
        }
        return WebhookResult.of(status, topic, apiVersion);
    }

    /**
     * Deletes one batch (at most {@value #PURGE_BATCH}) of the receipts older than the retention, of every store.
     *
     * @return how many were deleted
     */
    public int purgeReceipts() {
        return receipts.purgeReceipts(clock.instant().minus(retention), PURGE_BATCH);
    }

    private Shop shop(String domain) {
        if (domain == null) {
            throw new WebhookRejectedException(400, "X-Shopify-Shop-Domain", "must be given");
        }
        Shop shop = shops.get(domain.toLowerCase(Locale.ROOT));
        if (shop == null) {
            // shop domains are public: naming the ones served gives nothing away, and shows the typo
            LOG.warn("webhook refused: shop domain {} is not one of the configured {}",
                    domain.substring(0, Math.min(domain.length(), 100)).replaceAll("[^A-Za-z0-9.-]", "?"),
                    shops.keySet());
            throw new WebhookRejectedException(404, "X-Shopify-Shop-Domain", "is not a shop this service serves");
        }
        return shop;
    }

    private static String key(String webhookId) {
        if (webhookId == null) {
            return null; // Shopify always sends it; a delivery without one cannot be deduplicated
        }
        if (KEY_PREFIX.length() + webhookId.length() > WebhookReceipts.MAX_RECEIPT_KEY_LENGTH) {
            throw new WebhookRejectedException(400, "X-Shopify-Webhook-Id", "must be at most "
                    + (WebhookReceipts.MAX_RECEIPT_KEY_LENGTH - KEY_PREFIX.length()) + " characters");
        }
        if (!webhookId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) { // Shopify's ids are UUIDs
            throw new WebhookRejectedException(400, "X-Shopify-Webhook-Id", "must be printable ASCII without spaces");
        }
        return KEY_PREFIX + webhookId;
    }

    private Status process(Shop shop, String topic, JsonNode payload) {
        String storeId = shop.storeId();
        switch (topic) {
            case Topics.CHECKOUT_CREATE, Topics.CHECKOUT_UPDATE -> {
                ShopifyPayloads.Checkout checkout = ShopifyPayloads.checkout(storeId, payload, history);
                engine.cartUpdated(checkout.cart(), checkout.customer());
                return Status.PROCESSED;
            }
            case Topics.ORDER_CREATE -> {
                Order order = ShopifyPayloads.order(storeId, payload);
                if (order == null) {
                    return Status.IGNORED;
                }
                engine.orderPlaced(order);
                return Status.PROCESSED;
            }
            case Topics.CONSENT_UPDATE -> {
                return consent(storeId, ShopifyPayloads.consent(payload, "customer_id", "email_address"));
            }
            case Topics.CUSTOMER_UPDATE -> {
                return consent(storeId, ShopifyPayloads.consent(payload, "id", "email"));
            }
            case Topics.CUSTOMER_REDACT -> {
                return comply(topic, ShopifyPayloads.compliance(storeId, shop.domain(), payload, "orders_to_redact"));
            }
            case Topics.DATA_REQUEST -> {
                return comply(topic, ShopifyPayloads.compliance(storeId, shop.domain(), payload, "orders_requested"));
            }
            case Topics.SHOP_REDACT -> {
                return comply(topic, ShopifyPayloads.compliance(storeId, shop.domain(), payload, null));
            }
            default -> throw new IllegalStateException("unhandled topic " + topic);
        }
    }

    private Status consent(String storeId, ShopifyPayloads.Consent consent) {
        if (consent == null || !consent.unsubscribed()) {
            return Status.IGNORED;
        }
        engine.customerOptedOut(storeId, consent.customerId());
        if (consent.email() != null && EmailAddress.isValid(consent.email())) {
            engine.suppressAddress(storeId, consent.email(), "UNSUBSCRIBED"); // guest checkouts of the address too
        }
        return Status.PROCESSED;
    }

    private Status comply(String topic, ComplianceRequest request) {
        if (compliance == null) {
            LOG.warn("compliance webhook {} of store {} acknowledged, but no ShopifyCompliance is configured:"
                    + " nothing was erased or exported ({})", topic, request.storeId(), request);
            return Status.IGNORED;
        }
        switch (topic) {
            case Topics.CUSTOMER_REDACT -> compliance.customerRedact(request);
            case Topics.DATA_REQUEST -> compliance.dataRequest(request);
            default -> compliance.shopRedact(request);
        }
        return Status.PROCESSED;
    }

    /** The topics handled; every other one is acknowledged and ignored. */
    private static final class Topics {
        static final String CHECKOUT_CREATE = "checkouts/create";
        static final String CHECKOUT_UPDATE = "checkouts/update";
        static final String ORDER_CREATE = "orders/create";
        static final String CUSTOMER_UPDATE = "customers/update";
        static final String CONSENT_UPDATE = "customers_email_marketing_consent/update";
        static final String CUSTOMER_REDACT = "customers/redact";
        static final String DATA_REQUEST = "customers/data_request";
        static final String SHOP_REDACT = "shop/redact";
        private static final Set<String> ALL = Set.of(CHECKOUT_CREATE, CHECKOUT_UPDATE,
                ORDER_CREATE, CUSTOMER_UPDATE, CONSENT_UPDATE, CUSTOMER_REDACT, DATA_REQUEST, SHOP_REDACT);

        static boolean handles(String topic) {
            return ALL.contains(topic);
        }
    }

    /** Fluent builder; at least one shop is required. */
    public static final class Builder {
        private final RecoveryEngine engine;
        private final RecoveryStore store;
        private final Map<String, Shop> shops = new HashMap<>();
        private final Map<String, String> storeDomains = new HashMap<>();
        private ShopifyCompliance compliance;
        private CustomerHistory history;
        private Clock clock = Clock.systemUTC();
        private Duration hold = DEFAULT_HOLD;
        private Duration retention = DEFAULT_RETENTION;

        private Builder(RecoveryEngine engine, RecoveryStore store) {
            if (engine == null || store == null) {
                throw new IllegalArgumentException((engine == null ? "engine" : "store") + " must not be null");
            }
            this.engine = engine;
            this.store = store;
        }

        /**
         * A shop served: the engine's {@code storeId}, the {@code shopDomain} Shopify sends in
         * {@code X-Shopify-Shop-Domain} ({@code my-shop.myshopify.com}) and the secret it signs webhooks with (the
         * app's client secret). One store per shop and one shop per store.
         */
        public Builder shop(String storeId, String shopDomain, String webhookSecret) {
            for (String[] field : new String[][] {{storeId, "storeId"}, {shopDomain, "shopDomain"},
                    {webhookSecret, "webhookSecret"}}) {
                if (field[0] == null || field[0].isBlank()) {
                    throw new IllegalArgumentException(field[1] + " must not be blank");
                }
            }
            String domain = shopDomain.trim().toLowerCase(Locale.ROOT);
            if (shops.containsKey(domain) || storeDomains.containsKey(storeId)) {
                throw new IllegalArgumentException("shops must have distinct shop domains and store ids");
            }
            shops.put(domain, new Shop(storeId, domain, webhookSecret));
            storeDomains.put(storeId, domain);
            return this;
        }

        /** Who acts on the compliance topics; without it they are acknowledged and logged as not acted on. */
        public Builder compliance(ShopifyCompliance value) {
            this.compliance = required(value, "compliance");
            return this;
        }

        /** The customer history for payloads without it; default {@link CustomerHistory#recorded} on the store. */
        public Builder customerHistory(CustomerHistory value) {
            this.history = required(value, "customerHistory");
            return this;
        }

        /** The clock of the receipts; use the engine's. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) {
            this.clock = required(value, "clock");
            return this;
        }

        /** How long a delivery may process before another node may take its webhook over; default 5 minutes. */
        public Builder hold(Duration value) {
            this.hold = positive(value, "hold");
            return this;
        }

        /** How long a processed webhook's id is remembered; default 7 days, at least the hold. */
        public Builder retention(Duration value) {
            this.retention = positive(value, "retention");
            return this;
        }

        private static <T> T required(T value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not be null");
            }
            return value;
        }

        private static Duration positive(Duration value, String field) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive");
            }
            return value;
        }

        public ShopifyWebhooks build() {
            if (shops.isEmpty()) {
                throw new IllegalArgumentException("shops must not be empty");
            }
            if (retention.compareTo(hold) < 0) {
                throw new IllegalArgumentException("retention must be at least the hold");
            }
            return new ShopifyWebhooks(this);
        }
    }
}

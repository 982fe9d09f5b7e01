package io.cartrecovery.examples.http;

import com.sun.net.httpserver.HttpServer;
import io.cartrecovery.core.NotFoundException;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.shopify.ShopifyCompliance;
import io.cartrecovery.shopify.ShopifyWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An example HTTP service embedding the engine: the Shopify webhook endpoint, the management API, the storefront
 * popup and the three endpoints behind the signed links of every email.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code POST /webhooks/shopify} (the topics of {@link ShopifyWebhooks}: checkouts, orders, consent,
 *       the compliance topics)</td>
 *       <td>200 {@code {"status":"processed|duplicate|ignored"}}; 409 {@code in_progress} (another delivery of the
 *       webhook is being processed); 401 bad HMAC; 404 unknown shop domain; 400 malformed</td></tr>
 *   <tr><td>{@code GET|POST|PUT /stores/{storeId}/...} with {@code Authorization: Bearer KEY}</td>
 *       <td>the management API, see {@code ManagementApi}</td></tr>
 *   <tr><td>{@code GET /storefront/{storeId}/popup?token=STOREFRONT_TOKEN}</td>
 *       <td>200 JSON popup once (recorded as shown), then 204; CORS for the store's own origins</td></tr>
 *   <tr><td>{@code POST /r/{storeId}/unsubscribe?t=TOKEN}, body {@code List-Unsubscribe=One-Click}</td>
 *       <td>200 page, customer opted out (RFC 8058); 400 page for an invalid token</td></tr>
 *   <tr><td>{@code GET /r/{storeId}/unsubscribe?t=TOKEN}</td>
 *       <td>200 page with a button that POSTs; the GET itself changes nothing (link scanners follow GETs)</td></tr>
 *   <tr><td>{@code GET /r/{storeId}/open?t=TOKEN}</td>
 *       <td>always 200 1×1 GIF, uncacheable; the open is recorded only for a valid token</td></tr>
 *   <tr><td>{@code GET /r/{storeId}/click?t=TOKEN}</td>
 *       <td>302 to the signed target on the store's own domain, click recorded; 400 page otherwise</td></tr>
 * </table>
 *
 * <p>Errors are {@code {"error": CODE, "field": NAME, "message": TEXT}} (see {@code ApiErrors}); a wrong method
 * is 405 with {@code Allow}; a body over {@link Builder#maxBodyBytes} is 413; a request not sent within
 * {@link Builder#requestTimeout} (or whose response is not read within it) loses its connection.
 *
 * <p>It runs on the JDK's {@code com.sun.net.httpserver.HttpServer}: part of every JDK since 6 (module
 * {@code jdk.httpserver}), no dependency to add, and enough for an example whose point is the calls into the
 * engine, not the web framework. A host application puts the same calls behind its own framework.
 *
 * <pre>{@code
 * URI publicBase = URI.create("https://links.example.com");
 * SignedLinks links = SignedLinks.of(clock, List.of(StoreLinks.builder("shop-1")
 *         .baseUrl(RecoveryHttpService.linkBaseUrl(publicBase, "shop-1"))
 *         .redirectHost("shop-1.example.com").key("k1", linkSecret).build()));
 * RecoveryEngine engine = RecoveryEngine.builder().store(store).links(links)
 *         .sender(Channel.EMAIL, smtpSender).build();
 * RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
 *         .account(new StoreAccount("shop-1", "shop-1.myshopify.com", apiKey, webhookSecret))
 *         .links(links)
 *         .port(8080)
 *         .build();
 * }</pre>
 */
public final class RecoveryHttpService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryHttpService.class);

    private final HttpServer server;
    private final RequestExecutor executor;

    private RecoveryHttpService(HttpServer server, RequestExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * A builder for a service over {@code engine} and the {@code store} it was built with, where the receipts of
     * the Shopify webhooks are kept (so that a redelivery after a restart changes nothing).
     */
    public static Builder builder(RecoveryEngine engine, RecoveryStore store) {
        return new Builder(engine, store);
    }

    /**
     * Where this service serves a store's signed links, for {@link StoreLinks.Builder#baseUrl}: {@code publicBase}
     * (the address customers reach, e.g. {@code https://links.example.com}) followed by {@code /r/{storeId}}.
     */
    public static URI linkBaseUrl(URI publicBase, String storeId) {
        if (publicBase == null || storeId == null || storeId.isBlank()) {
            throw new IllegalArgumentException((publicBase == null ? "publicBase" : "storeId") + " must be given");
        }
        String base = publicBase.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "r/"
                + URLEncoder.encode(storeId, StandardCharsets.UTF_8));
    }

    /** The port the service listens on (the one chosen by the system when built with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}. */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    /** Stops listening and the request threads; the engine stays open (its owner closes it). */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    /** Fluent builder; everything but the accounts has a default. */
    public static final class Builder {
        public static final int DEFAULT_PORT = 8080;
        public static final int DEFAULT_THREADS = 32;
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

        private final RecoveryEngine engine;
        private final RecoveryStore store;
        private final List<StoreAccount> accounts = new ArrayList<>();
        private int port = DEFAULT_PORT;
        private int threads = DEFAULT_THREADS;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();
        private SignedLinks links;
        private ShopifyCompliance compliance;

        private Builder(RecoveryEngine engine, RecoveryStore store) {
            if (engine == null || store == null) {
                throw new IllegalArgumentException((engine == null ? "engine" : "store") + " must not be null");
            }
            this.engine = engine;
            this.store = store;
        }

        /** A store to serve; configured in the engine with default settings if it is not yet. */
        public Builder account(StoreAccount value) {
            if (value == null) {
                throw new IllegalArgumentException("account must not be null");
            }
            accounts.add(value);
            return this;
        }

        /** Port on 127.0.0.1; 0 picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535");
            }
            this.port = value;
            return this;
        }

        /**
         * Request threads. A thread is taken from the first byte of a request until its response is written, so a
         * slow client holds one for up to {@link #requestTimeout} while sending and again while reading; the
         * default leaves room for many.
         */
        public Builder threads(int value) {
            this.threads = positive(value, "threads");
            return this;
        }

        /**
         * How long a client may take to send its whole request (line, headers and body), from its first byte, and
         * to read the response; after that its connection is closed. Default 10 seconds.
         */
        public Builder requestTimeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
            this.requestTimeout = value;
            return this;
        }

        /** Largest request body accepted; larger ones get 413. */
        public Builder maxBodyBytes(int value) {
            this.maxBodyBytes = positive(value, "maxBodyBytes");
            return this;
        }

        /**
         * Who acts on Shopify's compliance webhooks ({@code customers/redact}, {@code shop/redact},
         * {@code customers/data_request}); without it they are verified, acknowledged and logged as not acted on.
         */
        public Builder compliance(ShopifyCompliance value) {
            if (value == null) {
                throw new IllegalArgumentException("compliance must not be null");
            }
            this.compliance = value;
            return this;
        }

        /** The clock of the analytics window and the webhook receipts; use the engine's. */
        public Builder clock(Clock value) {
            if (value == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = value;
            return this;
        }

        /**
         * The engine's signed links (the same instance given to {@link RecoveryEngine.Builder#links}): the
         * unsubscribe page verifies tokens with them and the popup endpoint allows the stores' own origins
         * (their redirect hosts). Each account's {@link StoreLinks} should have {@link #linkBaseUrl} as base URL.
         * Without links every signed link answers as invalid.
         */
        public Builder links(SignedLinks value) {
            if (value == null) {
                throw new IllegalArgumentException("links must not be null");
            }
            this.links = value;
            return this;
        }

        private static int positive(int value, String field) {
            if (value < 1) {
                throw new IllegalArgumentException(field + " must be positive");
            }
            return value;
        }

        /** Binds and starts the service. */
        public RecoveryHttpService build() {
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("accounts must not be empty");
            }
            ShopifyWebhooks.Builder webhooks = ShopifyWebhooks.builder(engine, store).clock(clock);
            if (compliance != null) {
                webhooks.compliance(compliance);
            }
            Set<String> storeIds = new HashSet<>();
            for (StoreAccount account : accounts) {
                webhooks.shop(account.storeId(), account.shopDomain(), account.webhookSecret());
                storeIds.add(account.storeId());
                if (links != null && links.store(account.storeId()).isEmpty()) {
                    throw new IllegalArgumentException("links must configure store " + account.storeId());
                }
                try {
                    engine.settings(account.storeId());
                } catch (NotFoundException unknown) {
                    engine.configureStore(StoreSettings.defaults(account.storeId()));
                }
            }
            ShopifyWebhooks shopify = webhooks.build();
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port, e);
            }
            RequestExecutor executor = new RequestExecutor(threads, requestTimeout);
            server.setExecutor(executor);
            server.createContext("/webhooks/shopify", Exchanges.guarded(maxBodyBytes,
                    new ShopifyEndpoint(shopify)));
            server.createContext("/stores/", Exchanges.guarded(maxBodyBytes, new ManagementApi(engine, clock,
                    accounts)));
            EngagementEndpoints engagement = new EngagementEndpoints(engine, links, storeIds);
            server.createContext("/storefront/", Exchanges.guarded(maxBodyBytes, engagement));
            server.createContext("/r/", Exchanges.guarded(maxBodyBytes, engagement));
            server.createContext("/", Exchanges.guarded(maxBodyBytes, (exchange, body) -> {
                throw new ApiException(404, "not found");
            }));
            server.start();
            RecoveryHttpService service = new RecoveryHttpService(server, executor);
            LOG.info("cart recovery example service on {} for stores {}", service.baseUri(),
                    accounts.stream().map(StoreAccount::storeId).toList());
            return service;
        }
    }
}

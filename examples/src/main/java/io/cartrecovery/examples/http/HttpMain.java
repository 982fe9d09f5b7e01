package io.cartrecovery.examples.http;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.examples.demo.OutboxSender;
import io.cartrecovery.shopify.ShopifyCompliance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs the example service for the store {@value #STORE_ID} on real time, emails to {@code ./outbox}, on an
 * in-memory store. Shopify's compliance webhooks erase through the engine; the answers to data requests are
 * written to {@code ./outbox/data-requests/}. Configuration comes from the environment:
 * <ul>
 *   <li>{@code CART_RECOVERY_API_KEY}, {@code SHOPIFY_WEBHOOK_SECRET}: required;</li>
 *   <li>{@code SHOPIFY_SHOP_DOMAIN}: default {@code demo-store.myshopify.com};</li>
 *   <li>{@code PORT}: default 8080 (the service binds 127.0.0.1 only);</li>
 *   <li>{@code PUBLIC_BASE_URL}: where customers reach this service, the base of the links in emails; default
 *       {@code http://127.0.0.1:PORT} (use https in production);</li>
 *   <li>{@code STORE_HOSTS}: comma-separated domains clicks may redirect to and the popup's allowed origins;
 *       default the shop domain;</li>
 *   <li>{@code LINK_SECRET}: the key that signs links, at least 32 bytes; without it a random key is made for
 *       this run, so links of earlier runs stop working.</li>
 * </ul>
 */
public final class HttpMain {
    static final String STORE_ID = "demo-store";
    /** What {@code StoreLinks} requires of a key. */
    static final int LINK_SECRET_BYTES = 32;

    private HttpMain() {}

    public static void main(String[] args) {
        Running running;
        try {
            running = start(System.getenv(), Path.of("outbox"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        URI links = running.links();
        System.out.println("Listening on " + running.service().baseUri() + " (webhooks: POST /webhooks/shopify,"
                + " management: /stores/" + STORE_ID + "/..., popup: GET /storefront/" + STORE_ID
                + "/popup?token=..., links: " + links + "/...)");
    }

    /** The service and the engine behind it; closing stops both. */
    record Running(RecoveryHttpService service, RecoveryEngine engine, URI links) implements AutoCloseable {
        @Override
        public void close() {
            service.close();
            engine.close();
        }
    }

    /**
     * Builds and starts everything from {@code env} (the variables above), emails written to {@code outbox}, data
     * requests to its {@code data-requests} folder.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong
     */
    static Running start(Map<String, String> env, Path outbox) {
        String apiKey = env.get("CART_RECOVERY_API_KEY");
        String secret = env.get("SHOPIFY_WEBHOOK_SECRET");
        if (apiKey == null || apiKey.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Set CART_RECOVERY_API_KEY and SHOPIFY_WEBHOOK_SECRET first.");
        }
        String domain = env.getOrDefault("SHOPIFY_SHOP_DOMAIN", STORE_ID + ".myshopify.com");
        int port = port(env.getOrDefault("PORT", "8080"));
        URI publicBase = publicBase(env.getOrDefault("PUBLIC_BASE_URL", "http://127.0.0.1:" + port));
        Clock clock = Clock.systemUTC();

        StoreLinks.Builder storeLinks = StoreLinks.builder(STORE_ID)
                .baseUrl(RecoveryHttpService.linkBaseUrl(publicBase, STORE_ID))
                .key("k1", linkSecret(env.get("LINK_SECRET")));
        for (String host : env.getOrDefault("STORE_HOSTS", domain).split(",")) {
            storeLinks.redirectHost(host.trim());
        }
        SignedLinks links = SignedLinks.of(clock, List.of(storeLinks.build()));
        RecoveryStore store = RecoveryStore.inMemory();
        RecoveryEngine engine = RecoveryEngine.builder()
                .store(store)
                .clock(clock)
                .links(links) // the same links the service verifies
                .sender(Channel.EMAIL, OutboxSender.of(outbox, domain, clock))
                .build(); // popups: the engine's built-in inbox, read by GET /storefront/{storeId}/popup
        try {
            RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
                    .account(new StoreAccount(STORE_ID, domain, apiKey, secret))
                    .compliance(ShopifyCompliance.erasing(engine,
                            new DataRequestFiles(outbox.resolve("data-requests"))))
                    .links(links)
                    .port(port)
                    .clock(clock)
                    .build();
            return new Running(service, engine, RecoveryHttpService.linkBaseUrl(publicBase, STORE_ID));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("PORT must be a port number, 0 to 65535");
    }

    private static URI publicBase(String value) {
        try {
            URI uri = URI.create(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new IllegalArgumentException("PUBLIC_BASE_URL must be an absolute http or https URL");
    }

    private static byte[] linkSecret(String configured) {
        if (configured != null) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < LINK_SECRET_BYTES) {
                throw new IllegalArgumentException("LINK_SECRET must be at least " + LINK_SECRET_BYTES + " bytes");
            }
            return bytes;
        }
        System.out.println("Note: LINK_SECRET is not set; signing links with a random key for this run only.");
        byte[] random = new byte[LINK_SECRET_BYTES];
        new SecureRandom().nextBytes(random);
        return random;
    }
}

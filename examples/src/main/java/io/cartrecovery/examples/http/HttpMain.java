package io.cartrecovery.examples.http;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.links.SignedLinks;
import io.cartrecovery.core.links.StoreLinks;
import io.cartrecovery.examples.demo.OutboxSender;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs the example service for one store on real time, emails to {@code ./outbox}. Configuration comes from the
 * environment:
 * <ul>
 *   <li>{@code CART_RECOVERY_API_KEY}, {@code SHOPIFY_WEBHOOK_SECRET}: required;</li>
 *   <li>{@code SHOPIFY_SHOP_DOMAIN}: default {@code demo-store.myshopify.com};</li>
 *   <li>{@code PORT}: default 8080;</li>
 *   <li>{@code PUBLIC_BASE_URL}: where customers reach this service, the base of the links in emails; default
 *       {@code http://127.0.0.1:PORT} (use https in production);</li>
 *   <li>{@code STORE_HOSTS}: comma-separated domains clicks may redirect to and the popup's allowed origins;
 *       default the shop domain;</li>
 *   <li>{@code LINK_SECRET}: the key that signs links, at least 32 bytes; without it a random key is made for
 *       this run, so links of earlier runs stop working.</li>
 * </ul>
 */
public final class HttpMain {
    private static final String STORE_ID = "demo-store";

    private HttpMain() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String apiKey = env.get("CART_RECOVERY_API_KEY");
        String secret = env.get("SHOPIFY_WEBHOOK_SECRET");
        if (apiKey == null || secret == null) {
            System.err.println("Set CART_RECOVERY_API_KEY and SHOPIFY_WEBHOOK_SECRET first.");
            System.exit(2);
        }
        String domain = env.getOrDefault("SHOPIFY_SHOP_DOMAIN", "demo-store.myshopify.com");
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        URI publicBase = URI.create(env.getOrDefault("PUBLIC_BASE_URL", "http://127.0.0.1:" + port));
        byte[] linkSecret = linkSecret(env.get("LINK_SECRET"));
        Clock clock = Clock.systemUTC();

        StoreLinks.Builder storeLinks = StoreLinks.builder(STORE_ID)
                .baseUrl(RecoveryHttpService.linkBaseUrl(publicBase, STORE_ID))
                .key("k1", linkSecret);
        for (String host : env.getOrDefault("STORE_HOSTS", domain).split(",")) {
            storeLinks.redirectHost(host.trim());
        }
        SignedLinks links = SignedLinks.of(clock, List.of(storeLinks.build()));
        RecoveryStore store = RecoveryStore.inMemory();
        RecoveryEngine engine = RecoveryEngine.builder()
                .store(store)
                .clock(clock)
                .links(links) // the same links the service verifies
                .sender(Channel.EMAIL, new OutboxSender(Path.of("outbox"), domain, clock))
                .build(); // popups: the engine's built-in inbox, read by GET /storefront/{storeId}/popup
        RecoveryHttpService service = RecoveryHttpService.builder(engine)
                .account(new StoreAccount(STORE_ID, domain, apiKey, secret))
                .links(links)
                .port(port)
                .clock(clock)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            engine.close();
        }));
        System.out.println("Listening on " + service.baseUri() + " (webhooks: POST /webhooks/shopify,"
                + " management: /stores/" + STORE_ID + "/..., popup: GET /storefront/" + STORE_ID
                + "/popup?token=..., links: " + RecoveryHttpService.linkBaseUrl(publicBase, STORE_ID) + "/...)");
    }

    private static byte[] linkSecret(String configured) {
        if (configured != null) {
            return configured.getBytes(StandardCharsets.UTF_8); // StoreLinks rejects fewer than 32 bytes
        }
        System.out.println("Note: LINK_SECRET is not set; signing links with a random key for this run only.");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }
}

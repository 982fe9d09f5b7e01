package io.cartrecovery.examples.http;

import io.cartrecovery.core.Channel;
import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.Sender;
import io.cartrecovery.examples.demo.OutboxSender;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Runs the example service for one store on real time, emails to {@code ./outbox}. Configuration comes from the
 * environment: {@code CART_RECOVERY_API_KEY} and {@code SHOPIFY_WEBHOOK_SECRET} (required),
 * {@code SHOPIFY_SHOP_DOMAIN} (default {@code demo-store.myshopify.com}), {@code PORT} (default 8080).
 */
public final class HttpMain {
    private HttpMain() {}

    public static void main(String[] args) {
        String apiKey = System.getenv("CART_RECOVERY_API_KEY");
        String secret = System.getenv("SHOPIFY_WEBHOOK_SECRET");
        if (apiKey == null || secret == null) {
            System.err.println("Set CART_RECOVERY_API_KEY and SHOPIFY_WEBHOOK_SECRET first.");
            System.exit(2);
        }
        String domain = System.getenv().getOrDefault("SHOPIFY_SHOP_DOMAIN", "demo-store.myshopify.com");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Clock clock = Clock.systemUTC();
        RecoveryStore store = RecoveryStore.inMemory();
        RecoveryEngine engine = RecoveryEngine.builder()
                .store(store)
                .clock(clock)
                .sender(Channel.EMAIL, new OutboxSender(Path.of("outbox"), domain, clock))
                .sender(Channel.POPUP, Sender.noop()) // the core's popup channel replaces this (issue 6)
                .build();
        RecoveryHttpService service = RecoveryHttpService.builder(engine, store)
                .account(new StoreAccount("demo-store", domain, apiKey, secret))
                .port(port)
                .clock(clock)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            engine.close();
        }));
        System.out.println("Listening on " + service.baseUri() + " (webhooks: POST /webhooks/shopify,"
                + " management: /stores/demo-store/...)");
    }
}

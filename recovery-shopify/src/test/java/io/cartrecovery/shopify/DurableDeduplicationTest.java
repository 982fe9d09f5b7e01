package io.cartrecovery.shopify;

import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;
import io.cartrecovery.jdbc.JdbcRecoveryStore;
import io.cartrecovery.shopify.WebhookResult.Status;
import io.cartrecovery.test.Fixtures;
import io.cartrecovery.test.RecoveryTestKit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.shopify.Samples.PLACEHOLDER_DOMAIN;
import static io.cartrecovery.shopify.Samples.PLACEHOLDER_SECRET;
import static io.cartrecovery.shopify.Samples.PLACEHOLDER_STORE;
import static io.cartrecovery.shopify.Samples.bytes;
import static io.cartrecovery.shopify.Samples.sample;
import static io.cartrecovery.shopify.Samples.sign;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deduplication kept in a JDBC store on one H2 database: a node that restarts (a new engine and store on the same
 * database) and nodes that receive the same redelivery at the same moment process a webhook exactly once.
 */
class DurableDeduplicationTest {
    private final JdbcDataSource database = new JdbcDataSource();
    private final SettableClock clock = SettableClock.at(Fixtures.T0);
    private final RecordingCompliance compliance = new RecordingCompliance();

    DurableDeduplicationTest() {
        database.setURL("jdbc:h2:mem:shopify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A node: its own store, engine and webhooks on the shared database. */
    private record Node(RecoveryTestKit kit, ShopifyWebhooks webhooks) implements AutoCloseable {
        @Override
        public void close() {
            kit.close();
        }
    }

    private Node node() {
        JdbcRecoveryStore store = JdbcRecoveryStore.builder(database).clock(clock).build();
        RecoveryTestKit kit = RecoveryTestKit.builder().store(store).clock(clock)
                .configureStore(StoreSettings.defaults(PLACEHOLDER_STORE)).build();
        ShopifyWebhooks webhooks = ShopifyWebhooks.builder(kit.engine(), store)
                .shop(PLACEHOLDER_STORE, PLACEHOLDER_DOMAIN, PLACEHOLDER_SECRET)
                .compliance(compliance).clock(clock).build();
        return new Node(kit, webhooks);
    }

    private static WebhookResult deliver(Node node, String topic, String webhookId, byte[] body) {
        return node.webhooks().handle(Samples.headers(topic, webhookId, PLACEHOLDER_DOMAIN,
                sign(body, PLACEHOLDER_SECRET)), body);
    }

    @Test
    void aRedeliveryAfterARestartChangesNothing() {
        byte[] redact = bytes(sample("shop/redact"));
        byte[] checkout = bytes(sample("checkouts/create", s -> s.put("updated_at", clock.instant().toString())));
        try (Node before = node()) {
            assertThat(deliver(before, "shop/redact", "w-1", redact).status()).isEqualTo(Status.PROCESSED);
            assertThat(deliver(before, "checkouts/create", "w-2", checkout).status()).isEqualTo(Status.PROCESSED);
        }

        try (Node after = node()) {
            assertThat(deliver(after, "shop/redact", "w-1", redact).status()).isEqualTo(Status.DUPLICATE);
            assertThat(deliver(after, "checkouts/create", "w-2", checkout).status()).isEqualTo(Status.DUPLICATE);
            assertThat(deliver(after, "shop/redact", "w-3", redact).status()).isEqualTo(Status.PROCESSED);
            assertThat(after.kit().store().cart(PLACEHOLDER_STORE, "123123123")).isPresent();
        }
        assertThat(compliance.calls).containsExactly("shopRedact:null", "shopRedact:null"); // w-1 and w-3
    }

    @Test
    void ofTheSameRedeliveryOnTwoNodesAtOnceExactlyOneProcesses() throws Exception {
        byte[] redact = bytes(sample("customers/redact"));
        int threads = 8;
        try (Node one = node(); Node two = node()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<WebhookResult>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Node node = t % 2 == 0 ? one : two;
                    results.add(pool.submit(() -> {
                        start.await();
                        return deliver(node, "customers/redact", "w-race", redact);
                    }));
                }
                List<Status> statuses = new ArrayList<>();
                for (Future<WebhookResult> result : results) {
                    statuses.add(result.get().status());
                }

                assertThat(statuses).containsOnlyOnce(Status.PROCESSED)
                        .isSubsetOf(Status.PROCESSED, Status.DUPLICATE, Status.IN_PROGRESS);
                assertThat(compliance.calls).containsExactly("customerRedact:191167");
                assertThat(deliver(two, "customers/redact", "w-race", redact).status()).isEqualTo(Status.DUPLICATE);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

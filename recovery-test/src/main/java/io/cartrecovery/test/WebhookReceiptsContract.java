package io.cartrecovery.test;

import io.cartrecovery.core.spi.WebhookReceipts;
import io.cartrecovery.core.spi.WebhookReceipts.Claim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cartrecovery.test.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour of {@link WebhookReceipts} every store must have; {@link RecoveryStoreContract} runs it on the
 * store under test. A test class of a receipts implementation alone can implement it too.
 */
public interface WebhookReceiptsContract {
    Duration HOLD = Duration.ofMinutes(5);

    /** The receipts under test, empty. */
    WebhookReceipts receipts();

    @Test
    default void aKeyIsClaimedOnceCompletedForGoodAndScopedByStore() {
        WebhookReceipts receipts = receipts();
        assertThat(receipts.claimReceipt("store-a", "shopify:w1", T0, T0.plus(HOLD))).isEqualTo(Claim.CLAIMED);
        assertThat(receipts.claimReceipt("store-a", "shopify:w1", T0, T0.plus(HOLD))).isEqualTo(Claim.HELD);
        assertThat(receipts.claimReceipt("store-b", "shopify:w1", T0, T0.plus(HOLD))).isEqualTo(Claim.CLAIMED);

        receipts.completeReceipt("store-a", "shopify:w1", T0.plusSeconds(1));
        Instant muchLater = T0.plus(Duration.ofDays(3));
        assertThat(receipts.claimReceipt("store-a", "shopify:w1", muchLater, muchLater.plus(HOLD)))
                .isEqualTo(Claim.DONE);
        receipts.releaseReceipt("store-a", "shopify:w1"); // a completed receipt stays
        assertThat(receipts.claimReceipt("store-a", "shopify:w1", muchLater, muchLater.plus(HOLD)))
                .isEqualTo(Claim.DONE);
        assertThat(receipts.claimReceipt("store-b", "shopify:w1", T0, T0.plus(HOLD))).isEqualTo(Claim.HELD);
    }

    @Test
    default void aReleasedOrLapsedClaimIsClaimedAgain() {
        WebhookReceipts receipts = receipts();
        receipts.claimReceipt("store-a", "k", T0, T0.plus(HOLD));
        receipts.releaseReceipt("store-a", "k");
        assertThat(receipts.claimReceipt("store-a", "k", T0, T0.plus(HOLD))).isEqualTo(Claim.CLAIMED);

        Instant beforeEnd = T0.plus(HOLD).minusMillis(1);
        assertThat(receipts.claimReceipt("store-a", "k", beforeEnd, beforeEnd.plus(HOLD))).isEqualTo(Claim.HELD);
        Instant end = T0.plus(HOLD);
        assertThat(receipts.claimReceipt("store-a", "k", end, end.plus(HOLD))).isEqualTo(Claim.CLAIMED);
        assertThat(receipts.claimReceipt("store-a", "k", end, end.plus(HOLD))).isEqualTo(Claim.HELD);
    }

    @Test
    default void ofConcurrentClaimsOfOneKeyExactlyOneWins() throws Exception {
        WebhookReceipts receipts = receipts();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Claim>> claims = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return receipts.claimReceipt("store-a", "shopify:race", T0, T0.plus(HOLD));
                }));
            }
            List<Claim> outcomes = new ArrayList<>();
            for (Future<Claim> claim : claims) {
                outcomes.add(claim.get());
            }
            assertThat(outcomes).containsOnlyOnce(Claim.CLAIMED).containsOnly(Claim.CLAIMED, Claim.HELD);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void purgingDeletesAtMostTheLimitOfTheReceiptsTouchedBeforeTheCutoff() {
        WebhookReceipts receipts = receipts();
        Instant base = T0.plus(Duration.ofDays(1000));
        while (receipts.purgeReceipts(base, 1_000) > 0) {
            // a store whose database outlives one test (a shared schema) may hold earlier receipts: gone now
        }
        for (int i = 0; i < 5; i++) {
            Instant at = base.plusSeconds(i);
            receipts.claimReceipt("store-a", "k" + i, at, at.plus(HOLD));
            receipts.completeReceipt("store-a", "k" + i, at);
        }
        Instant cutoff = base.plusSeconds(3);
        assertThat(receipts.purgeReceipts(cutoff, 2)).isEqualTo(2);
        assertThat(receipts.purgeReceipts(cutoff, 2)).isEqualTo(1);
        assertThat(receipts.purgeReceipts(cutoff, 2)).isZero();
        Instant later = base.plusSeconds(10);
        for (int i = 0; i < 5; i++) {
            assertThat(receipts.claimReceipt("store-a", "k" + i, later, later.plus(HOLD)))
                    .isEqualTo(i < 3 ? Claim.CLAIMED : Claim.DONE);
        }
    }

    @Test
    default void badKeysAndLimitsAreRefused() {
        WebhookReceipts receipts = receipts();
        assertThatThrownBy(() -> receipts.claimReceipt("store-a", "x".repeat(WebhookReceipts.MAX_RECEIPT_KEY_LENGTH
                + 1), T0, T0.plus(HOLD))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> receipts.claimReceipt("store-a", "", T0, T0.plus(HOLD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> receipts.purgeReceipts(T0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}

package io.cartrecovery.benchmarks;

import io.cartrecovery.core.RecoveryEngine;
import io.cartrecovery.core.RecoveryStore;
import io.cartrecovery.core.SettableClock;
import io.cartrecovery.core.StoreSettings;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.SplittableRandom;

/**
 * Heap per active sequence: starts {@code N} sequences (default 1,000,000), each with its own three-item cart
 * and customer, in the in-memory store, and divides the retained heap growth by {@code N}. Everything the
 * store keeps for a sequence counts: cart and customer snapshots, the sequence, its event, all indexes.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar io.cartrecovery.benchmarks.EngineMemoryFootprint [N]}
 */
public final class EngineMemoryFootprint {
    private EngineMemoryFootprint() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String store = "memory-store";
        SettableClock clock = SettableClock.at(BenchmarkData.T0);
        RecoveryStore recoveryStore = RecoveryStore.inMemory();
        RecoveryEngine engine = RecoveryEngine.builder().store(recoveryStore).clock(clock)
                .scheduler(BenchmarkData.silentScheduler()).random(new SplittableRandom(1))
                .configureStore(StoreSettings.defaults(store)).build();
        long before = retainedHeap();
        for (int i = 0; i < n; i++) {
            engine.cartUpdated(BenchmarkData.cart(store, i, BenchmarkData.T0), BenchmarkData.customer(store, i));
            engine.cartAbandoned(store, "cart-" + i, BenchmarkData.T0);
        }
        long after = retainedHeap();
        long active = engine.activeSequences(store, io.cartrecovery.core.PageRequest.first(1)).items().size();
        System.out.printf("sequences=%d heapGrowth=%.1f MiB bytesPerActiveSequence=%.0f (first page non-empty: %s)%n",
                n, (after - before) / 1048576.0, (after - before) / (double) n, active == 1);
        engine.close();
    }

    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

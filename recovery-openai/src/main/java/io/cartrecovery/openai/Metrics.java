package io.cartrecovery.openai;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link GeneratorStats} and the per-store {@link TokenUsage}. */
final class Metrics {
    final LongAdder messages = new LongAdder();
    final LongAdder cacheHits = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder guardrailRejections = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    private final Map<String, StoreUsage> usage = new ConcurrentHashMap<>();

    void usage(String storeId, long promptTokens, long completionTokens) {
        StoreUsage store = usage.computeIfAbsent(storeId, id -> new StoreUsage());
        store.completions.increment();
        store.prompt.add(promptTokens);
        store.completion.add(completionTokens);
    }

    TokenUsage usage(String storeId) {
        StoreUsage store = usage.get(storeId);
        return store == null ? TokenUsage.NONE : store.snapshot();
    }

    Map<String, TokenUsage> usageByStore() {
        Map<String, TokenUsage> copy = new TreeMap<>();
        usage.forEach((store, counters) -> copy.put(store, counters.snapshot()));
        return copy;
    }

    GeneratorStats snapshot() {
        long prompt = 0;
        long completion = 0;
        for (StoreUsage store : usage.values()) {
            prompt += store.prompt.sum();
            completion += store.completion.sum();
        }
        return new GeneratorStats(messages.sum(), cacheHits.sum(), requests.sum(), guardrailRejections.sum(),
                failures.sum(), fallbacks.sum(), prompt, completion);
    }

    private static final class StoreUsage {
        final LongAdder completions = new LongAdder();
        final LongAdder prompt = new LongAdder();
        final LongAdder completion = new LongAdder();

        TokenUsage snapshot() {
            return new TokenUsage(completions.sum(), prompt.sum(), completion.sum());
        }
    }
}

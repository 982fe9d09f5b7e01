package io.cartrecovery.spring;

import io.cartrecovery.core.StoreSettings;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The stores of {@code cartrecovery.stores.<id>.*} as settings, in store id order. */
final class StoreConfigurations {

    private StoreConfigurations() {
    }

    static List<StoreSettings> fromProperties(CartRecoveryProperties properties) {
        return new TreeMap<>(properties.stores()).entrySet().stream().map(StoreConfigurations::settings).toList();
    }

    private static StoreSettings settings(Map.Entry<String, CartRecoveryProperties.Store> entry) {
        CartRecoveryProperties.Store store = entry.getValue();
        StoreSettings.Builder builder = StoreSettings.builder(entry.getKey());
        if (store.locale() != null) {
            builder.locale(store.locale());
        }
        if (store.timeZone() != null) {
            builder.timeZone(store.timeZone());
        }
        if (store.quietStart() != null && store.quietEnd() != null) {
            builder.quietHours(store.quietStart(), store.quietEnd());
        } else if (store.quietStart() != null || store.quietEnd() != null) {
            throw new IllegalArgumentException("cartrecovery.stores." + entry.getKey()
                    + ": quiet-start and quiet-end go together");
        }
        return builder.build();
    }
}

package io.cartrecovery.core.spi;

import io.cartrecovery.core.StoreSettings;

import java.util.Optional;

/** The stores' settings, one per store id. */
public interface SettingsStore {

    /** Creates or replaces the settings of {@code settings.storeId()}. */
    void saveSettings(StoreSettings settings);

    Optional<StoreSettings> settings(String storeId);
}

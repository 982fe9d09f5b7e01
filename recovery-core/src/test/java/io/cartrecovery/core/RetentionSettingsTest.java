package io.cartrecovery.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionSettingsTest {

    @Test
    void retentionHasADefaultAndBounds() {
        assertThat(StoreSettings.defaults("s").retention()).isEqualTo(StoreSettings.DEFAULT_RETENTION);
        StoreSettings month = StoreSettings.builder("s").retention(java.time.Duration.ofDays(30)).build();
        assertThat(month.toBuilder().build().retention()).isEqualTo(java.time.Duration.ofDays(30));
        assertThatThrownBy(() -> StoreSettings.builder("s").retention(java.time.Duration.ofHours(23)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("retention ");
        assertThatThrownBy(() -> StoreSettings.builder("s").retention(Limits.MAX_RETENTION.plusDays(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("retention ");
        assertThatThrownBy(() -> StoreSettings.builder("s").retention(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("retention ");
    }
}

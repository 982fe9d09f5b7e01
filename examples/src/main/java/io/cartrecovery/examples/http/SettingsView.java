package io.cartrecovery.examples.http;

import io.cartrecovery.core.StoreSettings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Consumer;

/** A store's policy as the API shows it; durations in ISO-8601 ({@code PT30M}, {@code P7D}). */
record SettingsView(String storeId, String locale, String timeZone, Duration abandonAfter,
                    boolean requireMarketingConsent, BigDecimal highValueThreshold, int lowStockThreshold,
                    Duration expireAfter) {

    static SettingsView of(StoreSettings s) {
        return new SettingsView(s.storeId(), s.locale().toLanguageTag(), s.timeZone().getId(), s.abandonAfter(),
                s.requireMarketingConsent(), s.highValueThreshold(), s.lowStockThreshold(), s.expireAfter());
    }

    /** The body of {@code PUT .../settings}: every field optional, absent ones keep their value. */
    record Patch(String locale, ZoneId timeZone, Duration abandonAfter, Boolean requireMarketingConsent,
                 BigDecimal highValueThreshold, Integer lowStockThreshold, Duration expireAfter) {

        StoreSettings applyTo(StoreSettings current) {
            StoreSettings.Builder b = current.toBuilder();
            if (locale != null) {
                Locale parsed = Locale.forLanguageTag(locale);
                if (parsed.getLanguage().isEmpty()) {
                    throw new IllegalArgumentException("locale must be a language tag such as en or de-AT");
                }
                b.locale(parsed);
            }
            set(timeZone, b::timeZone);
            set(abandonAfter, b::abandonAfter);
            set(requireMarketingConsent, b::requireMarketingConsent);
            set(highValueThreshold, b::highValueThreshold);
            set(lowStockThreshold, b::lowStockThreshold);
            set(expireAfter, b::expireAfter);
            return b.build();
        }

        private static <T> void set(T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }
    }
}

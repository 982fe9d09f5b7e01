package io.cartrecovery.examples.http;

import io.cartrecovery.core.StoreSettings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

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
            if (timeZone != null) {
                b.timeZone(timeZone);
            }
            if (abandonAfter != null) {
                b.abandonAfter(abandonAfter);
            }
            if (requireMarketingConsent != null) {
                b.requireMarketingConsent(requireMarketingConsent);
            }
            if (highValueThreshold != null) {
                b.highValueThreshold(highValueThreshold);
            }
            if (lowStockThreshold != null) {
                b.lowStockThreshold(lowStockThreshold);
            }
            if (expireAfter != null) {
                b.expireAfter(expireAfter);
            }
            return b.build();
        }
    }
}

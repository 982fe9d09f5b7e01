package io.cartrecovery.examples.http;

import io.cartrecovery.core.StoreSettings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
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
        static final Duration MAX_DURATION = Duration.ofDays(365);

        StoreSettings applyTo(StoreSettings current) {
            StoreSettings.Builder b = current.toBuilder();
            if (locale != null) {
                b.locale(languageTag(locale));
            }
            set(timeZone, b::timeZone);
            set(atMostAYear(abandonAfter, "abandonAfter"), b::abandonAfter);
            set(requireMarketingConsent, b::requireMarketingConsent);
            set(highValueThreshold, b::highValueThreshold);
            set(lowStockThreshold, b::lowStockThreshold);
            set(atMostAYear(expireAfter, "expireAfter"), b::expireAfter);
            return b.build();
        }

        /** Keeps durations the engine adds to instants far from overflowing them. */
        private static Duration atMostAYear(Duration value, String field) {
            if (value != null && value.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(field + " must be at most " + MAX_DURATION);
            }
            return value;
        }

        /** Strictly: {@code Locale.forLanguageTag} would make {@code zz} of {@code zz-!!-x}. */
        private static Locale languageTag(String tag) {
            try {
                Locale parsed = new Locale.Builder().setLanguageTag(tag).build();
                if (!parsed.getLanguage().isEmpty()) {
                    return parsed;
                }
            } catch (IllformedLocaleException ill) {
                // refused below
            }
            throw new IllegalArgumentException("locale must be a language tag such as en or de-AT");
        }

        private static <T> void set(T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }
    }
}

package io.cartrecovery.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()} and {@link Instant#parse} without {@code DateTimeFormatter}, for the UTC form every
 * stored record uses ({@code 2026-03-02T09:00:00.123Z}, years 0 to 9999): a step writes and reads a dozen
 * instants, and the formatter was a third of the JSON time. Anything else goes to the JDK.
 */
final class IsoInstants {
    private static final int MAX_YEAR = 9999;

    private IsoInstants() {}

    /** Exactly {@link Instant#toString()}. */
    static String format(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > MAX_YEAR) {
            return instant.toString();
        }
        int nanos = instant.getNano();
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (digits == 0 ? 0 : digits + 1)];
        put(text, 0, utc.getYear(), 4);
        text[4] = '-';
        put(text, 5, utc.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, utc.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, utc.getHour(), 2);
        text[13] = ':';
        put(text, 14, utc.getMinute(), 2);
        text[16] = ':';
        put(text, 17, utc.getSecond(), 2);
        if (digits > 0) {
            text[19] = '.';
            put(text, 20, nanos / pow10(9 - digits), digits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** Exactly {@link Instant#parse}. */
    static Instant parse(String text) {
        int length = text.length();
        boolean canonical = (length == 20 || (length >= 22 && length <= 30 && text.charAt(19) == '.'))
                && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z';
        if (!canonical) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fraction = length == 20 ? 0 : digits(text, 20, length - 21);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || fraction < 0
                || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Instant.parse(text); // its error message, or its reading of a leap second
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L
                + second;
        return Instant.ofEpochSecond(epochSecond, length == 20 ? 0 : (long) fraction * pow10(30 - length));
    }

    /** The decimal number in {@code text[from, from + count)}, or -1 if a character is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}

package io.cartrecovery.jdbc;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast instant text agrees with the JDK's, both ways. */
class IsoInstantsTest {
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    @Property(tries = 3000)
    void formatsAndParsesLikeTheJdk(@ForAll @LongRange(min = YEAR_0 - 86_400 * 400, max = YEAR_10000 + 86_400 * 400)
                                    long epochSecond, @ForAll @IntRange(min = 0, max = 3) int precision,
                                    @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        int[] units = {1_000_000_000, 1_000_000, 1_000, 1};
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos / units[precision] * units[precision] % 1_000_000_000);

        String text = IsoInstants.format(instant);

        assertThat(text).isEqualTo(instant.toString());
        assertThat(IsoInstants.parse(text)).isEqualTo(instant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-02T09:00:00.5Z", "2026-03-02T09:00:00.12345678Z", "2024-02-29T23:59:59Z",
            "2026-03-02T10:00:00+01:00", "2026-12-31T23:59:60Z", "+12026-03-02T09:00:00Z", "2026-03-02T24:00:00Z",
            "2026-03-02T09:00:00.Z"})
    void readsWhatTheJdkReads(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T09:00:00Z", "2026-13-02T09:00:00Z", "2026-03-02T09:60:00Z",
            "2026-03-02T09:00:00.1234567890Z", "2026-0a-02T09:00:00Z", "2026-03-02 09:00:00Z", ""})
    void rejectsWhatTheJdkRejects(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}

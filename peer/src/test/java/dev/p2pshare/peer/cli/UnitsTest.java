package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Human sizes, rates and durations. Runs under a German default locale, which writes {@code 1,5}:
 * the output must not change with the user's locale.
 */
@ResourceLock(Resources.LOCALE)
class UnitsTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    private static final long TIB = 1024 * GIB;

    private Locale defaultLocale;

    @BeforeEach
    void useAGermanLocale() {
        defaultLocale = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restoreTheLocale() {
        Locale.setDefault(defaultLocale);
    }

    @Test
    void germanLocaleWouldWriteADecimalComma() {
        assertThat(String.format("%.1f", 1.5)).isEqualTo("1,5");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0 B
            1             | 1 B
            1023          | 1023 B
            1024          | 1.0 KiB
            1536          | 1.5 KiB
            5242880       | 5.0 MiB
            1610612736    | 1.5 GiB
            1099511627776 | 1.0 TiB
            1048575       | 1.0 MiB
            1073741823    | 1.0 GiB
            1048524       | 1023.9 KiB
            """)
    void bytesUseTheLargestBinaryUnitWithOneDecimal(long bytes, String expected) {
        assertThat(Units.bytes(bytes)).isEqualTo(expected);
    }

    @Test
    void bytesStopAtTebibytes() {
        assertThat(Units.bytes(2048 * TIB)).isEqualTo("2048.0 TiB");
    }

    @Test
    void rateIsBytesPerSecond() {
        assertThat(Units.rate(0.4)).isEqualTo("0 B/s");
        assertThat(Units.rate(1536.0)).isEqualTo("1.5 KiB/s");
        assertThat(Units.rate(85.3 * MIB)).isEqualTo("85.3 MiB/s");
        assertThat(Units.rate(2.0 * GIB)).isEqualTo("2.0 GiB/s");
    }

    @ParameterizedTest(name = "{0} ms → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0         | 0.0 s
            400       | 0.4 s
            59000     | 59.0 s
            59960     | 1m 00s
            60000     | 1m 00s
            125000    | 2m 05s
            3599000   | 59m 59s
            3600000   | 1h 00m
            3720000   | 1h 02m
            360000000 | 100h 00m
            """)
    void durationGrowsFromSecondsToMinutesToHours(long millis, String expected) {
        assertThat(Units.duration(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}

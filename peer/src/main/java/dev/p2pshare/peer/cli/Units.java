package dev.p2pshare.peer.cli;

import java.time.Duration;
import java.util.Locale;

/** Sizes, rates and durations as people read them: {@code 1.5 GiB}, {@code 85.3 MiB/s}, {@code 2m 05s}. */
public final class Units {

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** {@code bytes} in the largest binary unit that keeps the number at 1 or more, with one decimal. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        // Rounded to one decimal, 1023.96 KiB would print as 1024.0 KiB: move up a unit first.
        while (value >= 1023.95 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /** A rate in bytes per second. */
    public static String rate(double bytesPerSecond) {
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** A rate limit in bytes per second: {@code 2.0 MiB/s}, or {@code none} for 0. */
    public static String limit(long bytesPerSecond) {
        return bytesPerSecond == 0 ? "none" : rate(bytesPerSecond);
    }

    /**
     * A rate limit given in MiB per second, decimals allowed, as bytes per second (rounded).
     *
     * @throws IllegalArgumentException if {@code mib} is negative, not a number, or so small that it
     *     rounds to no bytes at all (which would read as no limit)
     */
    public static long mibPerSecond(double mib) {
        if (!(mib >= 0) || Double.isInfinite(mib)) {
            throw new IllegalArgumentException("a limit is 0 or more MiB per second (0 for none), not " + number(mib));
        }
        long bytes = Math.round(mib * 1024 * 1024);
        if (bytes == 0 && mib > 0) {
            throw new IllegalArgumentException(number(mib) + " MiB per second is under a byte per second; 0 means"
                    + " no limit");
        }
        return bytes;
    }

    private static String number(double value) {
        return Double.toString(value).replaceFirst("\\.0$", "");
    }

    /** A duration: {@code 0.4 s} under a minute, {@code 2m 05s} under an hour, else {@code 1h 02m}. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 59_950) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}

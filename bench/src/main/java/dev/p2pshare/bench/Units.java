package dev.p2pshare.bench;

import java.util.Locale;

/** Sizes as people read them. */
final class Units {

    private Units() {
    }

    /** {@code bytes} in B, KiB, MiB or GiB, one decimal above bytes: {@code 1.0 GiB}. */
    static String bytes(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

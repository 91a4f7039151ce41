package dev.p2pshare.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who takes part in a benchmark: {@code seeders} programs that have the whole file and
 * {@code downloaders} programs that all start fetching it at the same moment.
 */
record Scenario(int seeders, int downloaders) {

    private static final int MAX_PROGRAMS = 16;
    private static final Pattern TEXT = Pattern.compile("(\\d{1,2})x(\\d{1,2})");

    Scenario {
        if (seeders < 1 || downloaders < 1 || seeders + downloaders > MAX_PROGRAMS) {
            throw new IllegalArgumentException("a scenario needs 1 or more seeders and downloaders, "
                    + MAX_PROGRAMS + " programs at most; got " + seeders + " and " + downloaders);
        }
    }

    /** Reads {@code SxD}, e.g. {@code 1x4} for one seeder and four downloaders. */
    static Scenario parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not SEEDERSxDOWNLOADERS, like 1x4");
        }
        return new Scenario(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** For example {@code 1 seeder → 4 downloaders}. */
    String title() {
        return seeders + (seeders == 1 ? " seeder" : " seeders") + " → " + downloaders
                + (downloaders == 1 ? " downloader" : " downloaders");
    }

    @Override
    public String toString() {
        return seeders + "x" + downloaders;
    }
}

package dev.p2pshare.bench;

import java.io.IOException;

/** One way of moving the file in a {@link Scenario}, timed run after run. */
interface Contender {

    /** What the results table calls it. */
    String label();

    /** What a column of ratios to it is headed with: the label's first word unless overridden. */
    default String shortName() {
        int space = label().indexOf(' ');
        return space < 0 ? label() : label().substring(0, space);
    }

    /** Makes what every run needs (a torrent file, say); called once, before the first run. */
    default void prepare() throws IOException {
    }

    /**
     * Runs the scenario once, from a clean start, and checks every downloaded file byte for byte.
     *
     * @param run names the run, for its log folder
     * @throws IOException if a program failed, timed out, or a file came out wrong
     */
    Measurement run(String run) throws IOException;
}

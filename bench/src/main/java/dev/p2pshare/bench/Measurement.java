package dev.p2pshare.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One timed run of one contender.
 *
 * @param seconds from the start of the run until the last downloader had the whole file, verified
 * @param fromOtherDownloaders the share of the downloaded bytes that downloaders got from each
 *     other rather than from seeders, where the contender reports it
 * @param discardedShare the bytes downloaders received and threw away (a chunk fetched from two
 *     sources at the end, or one that failed verification), as a share of the bytes they kept,
 *     where the contender reports it
 * @param shellReplyMillis how long a seeder's shell took to answer each command typed into it
 *     during the run, where the contender probes it; empty otherwise
 * @param cpuSeconds the processor time, user and system, of every process the contender ran for
 *     the run (tracker, seeders, downloaders) over the stretch {@code seconds} times: what peers
 *     already running spend from {@code get} on, or all that launched processes spend; empty
 *     where it was not measured
 */
record Measurement(double seconds, OptionalDouble fromOtherDownloaders, OptionalDouble discardedShare,
        List<Double> shellReplyMillis, OptionalDouble cpuSeconds) {

    Measurement {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("seconds must be 0 or more, not " + seconds);
        }
        shellReplyMillis = List.copyOf(shellReplyMillis);
    }

    /** A run that reports only its time. */
    Measurement(double seconds) {
        this(seconds, OptionalDouble.empty(), OptionalDouble.empty(), List.of(), OptionalDouble.empty());
    }

    /** A run that reports its time and the processor time its processes used. */
    Measurement(double seconds, OptionalDouble cpuSeconds) {
        this(seconds, OptionalDouble.empty(), OptionalDouble.empty(), List.of(), cpuSeconds);
    }
}

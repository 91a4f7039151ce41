package dev.p2pshare.bench;

import java.util.OptionalDouble;

/**
 * One timed run of one contender.
 *
 * @param seconds from the start of the run until the last downloader had the whole file, verified
 * @param fromOtherDownloaders the share of the downloaded bytes that downloaders got from each
 *     other rather than from seeders, where the contender reports it
 */
record Measurement(double seconds, OptionalDouble fromOtherDownloaders) {

    Measurement {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("seconds must be 0 or more, not " + seconds);
        }
    }
}

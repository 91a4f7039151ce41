package dev.p2pshare.tracker;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * What a tracker prints once it listens: where, how soon silent peers expire, its id, and the
 * {@code --tracker} value that pins it. tracker.jar and a tracker hosted in a peer print the same
 * lines, so that scripts and people read them one way.
 */
public final class TrackerBanner {

    private TrackerBanner() {
    }

    /** Prints the lines for {@code tracker}, whose peers expire after {@code peerTtl}, to {@code out}; does not flush. */
    public static void print(PrintWriter out, Tracker tracker, Duration peerTtl) {
        out.printf("tracker listening on %s (peers expire after %d s without a heartbeat)%n", tracker.endpoint(),
                peerTtl.toSeconds());
        out.printf("tracker id %s%npeers can pin it: --tracker HOST:%d#%s%n", tracker.id().grouped(), tracker.port(),
                tracker.id().hex());
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

/** Trackers as most tests start them: on 127.0.0.1, on a free port, with a 30 s ttl. */
final class TestTrackers {

    private TestTrackers() {
    }

    /** A tracker with a new identity that serves everyone. */
    static Tracker onLoopback() throws IOException {
        return onLoopback(NodeIdentity.generate("tracker"), AllowList.everyone());
    }

    /** A tracker proving {@code identity} that serves the peers {@code allowList} allows. */
    static Tracker onLoopback(NodeIdentity identity, AllowList allowList) throws IOException {
        return Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), identity, allowList));
    }
}

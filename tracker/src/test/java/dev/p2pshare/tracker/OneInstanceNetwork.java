package dev.p2pshare.tracker;

import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

/** A network of one tracker on its own: every client connects to it, and it always agrees with itself. */
final class OneInstanceNetwork implements TrackerNetwork {

    private final Tracker tracker;

    private OneInstanceNetwork(Tracker tracker) {
        this.tracker = tracker;
    }

    /** A tracker with a new identity that serves everyone; see {@link TrackerNetwork.Starter}. */
    static OneInstanceNetwork start(Duration ttl, Clock clock) throws IOException {
        return new OneInstanceNetwork(Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, ttl,
                SWEEP_INTERVAL, clock, NodeIdentity.generate("tracker"), AllowList.everyone())));
    }

    @Override
    public int port(int client) {
        return tracker.port();
    }

    @Override
    public void sweepNow() {
        tracker.sweepNow();
    }

    @Override
    public int peerCount() {
        return tracker.peerCount();
    }

    @Override
    public int fileCount() {
        return tracker.fileCount();
    }

    @Override
    public void settle() {
        // One instance answers every request from the state the earlier ones left.
    }

    @Override
    public void close() {
        tracker.close();
    }
}

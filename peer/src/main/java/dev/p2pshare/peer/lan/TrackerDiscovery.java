package dev.p2pshare.peer.lan;

import dev.p2pshare.tracker.LanBrowser;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where a peer hears which trackers are announced on the LAN: multicast DNS in a running peer
 * ({@link MulticastDiscovery}), a scripted source in tests, so that the rules that act on what
 * is heard run without a network.
 */
public interface TrackerDiscovery extends Closeable {

    /**
     * Starts telling {@code listener} of announcements and withdrawals, until {@link #close}; once only.
     *
     * @throws IOException if the LAN cannot be watched here (no interface takes multicast)
     */
    void watch(LanBrowser.Listener listener) throws IOException;

    /** Stops watching; idempotent. */
    @Override
    void close();
}

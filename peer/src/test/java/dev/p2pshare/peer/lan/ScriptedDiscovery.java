package dev.p2pshare.peer.lan;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.LanAnnouncement;
import dev.p2pshare.tracker.LanBrowser;
import java.io.IOException;

/** A LAN the test scripts: announcements and withdrawals reach the listener when the test says. */
public final class ScriptedDiscovery implements TrackerDiscovery {

    private final boolean works;
    private LanBrowser.Listener listener;

    private ScriptedDiscovery(boolean works) {
        this.works = works;
    }

    /** A LAN that can be watched. */
    public static ScriptedDiscovery lan() {
        return new ScriptedDiscovery(true);
    }

    /** A host where the LAN cannot be watched: no interface takes multicast. */
    public static ScriptedDiscovery noMulticast() {
        return new ScriptedDiscovery(false);
    }

    /** A tracker with the id {@code id} (64 hex) at {@code host:port}, of this protocol version. */
    public static LanAnnouncement tracker(String host, int port, String id) {
        return new LanAnnouncement("p2pshare tracker " + id.substring(0, 12), new Endpoint(host, port), NodeId.of(id), 1);
    }

    @Override
    public synchronized void watch(LanBrowser.Listener listener) throws IOException {
        if (!works) {
            throw new IOException("no network interface here is up with multicast on");
        }
        this.listener = listener;
    }

    /** The LAN names a service, to be resolved. */
    public void heard(String name) {
        listener().heard(name);
    }

    /** The LAN announces {@code tracker}. */
    public void announce(LanAnnouncement tracker) {
        listener().announced(tracker);
    }

    /** The LAN hears {@code tracker} withdrawn. */
    public void withdraw(LanAnnouncement tracker) {
        listener().withdrawn(tracker.name());
    }

    private synchronized LanBrowser.Listener listener() {
        if (listener == null) {
            throw new IllegalStateException("nobody watches yet");
        }
        return listener;
    }

    @Override
    public void close() {
    }
}

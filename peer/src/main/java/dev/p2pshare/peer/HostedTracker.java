package dev.p2pshare.peer;

import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tracker running in this peer's process: tracker.jar's own {@link Tracker}, on every address,
 * with an identity of its own kept in {@value #STATE_NAME} in the folder's state, so that it
 * proves the same id every time the folder hosts it. Other peers use it as they use tracker.jar;
 * this peer registers with it over loopback, pinned to its id.
 *
 * <p>Closing it stops the tracker; whoever closes it unregisters this peer first.
 */
public final class HostedTracker implements Closeable {

    /** The folder, in the peer's state folder, that keeps the hosted tracker's identity. */
    public static final String STATE_NAME = "tracker";

    private final Tracker tracker;

    private HostedTracker(Tracker tracker) {
        this.tracker = tracker;
    }

    /**
     * Starts a tracker on {@code port} (0 for a free one) with the identity kept in {@code state}.
     *
     * @throws java.net.BindException if the port is taken
     * @throws IOException if the identity cannot be read or created
     */
    static HostedTracker start(StateDirectory state, int port) throws IOException {
        Path folder = state.root().resolve(STATE_NAME);
        NodeIdentity identity;
        try {
            identity = NodeIdentity.loadOrCreate(folder, "p2pshare tracker");
        } catch (IOException e) {
            throw new IOException("cannot read or create the hosted tracker's identity in " + folder + ": "
                    + e.getMessage(), e);
        }
        return new HostedTracker(Tracker.start(TrackerConfig.withDefaults(port, identity)));
    }

    /** The running tracker. */
    public Tracker tracker() {
        return tracker;
    }

    /** The id the tracker proves. */
    public NodeId id() {
        return tracker.id();
    }

    /** Where this peer reaches it: over loopback, pinned to its id. */
    public TrackerAddress address() {
        return new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.of(tracker.id()));
    }

    /** How many peers other than {@code self} are registered with it now. */
    public int othersOnline(NodeId self) {
        return tracker.peerCount() - (tracker.lists(self) ? 1 : 0);
    }

    /** Stops the tracker, ending every session it holds. */
    @Override
    public void close() {
        tracker.close();
    }
}

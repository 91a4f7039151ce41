package dev.p2pshare.peer;

import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.AllowList;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A tracker and peers in this JVM, on loopback ports chosen by the system, each peer with its own
 * folder under a test's temporary directory. Closing it stops everything.
 */
final class TestNetwork implements AutoCloseable {

    /** How long a source may deliver nothing before a test peer's download drops it. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private final Path root;
    private final List<Peer> peers = new ArrayList<>();
    private final List<Socket> ghosts = new ArrayList<>();
    private final NodeIdentity trackerIdentity = NodeIdentity.generate("tracker");
    private Tracker tracker;
    private int trackerPort;
    private final AllowList allowList;

    TestNetwork(Path root) throws IOException {
        this(root, AllowList.everyone());
    }

    /** A network whose tracker serves only the peers {@code allowList} names. */
    TestNetwork(Path root, AllowList allowList) throws IOException {
        this.root = root;
        this.allowList = allowList;
        startTracker(0);
    }

    /**
     * Starts a tracker on {@code port} (0 for any), as after a restart when given the old port;
     * it is the same tracker each time, with the same identity.
     */
    void startTracker(int port) throws IOException {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), port, Duration.ofSeconds(30),
                Duration.ofMillis(100), Clock.systemUTC(), trackerIdentity, allowList));
        trackerPort = tracker.port();
    }

    Tracker tracker() {
        return tracker;
    }

    Endpoint trackerEndpoint() {
        return new Endpoint("127.0.0.1", trackerPort);
    }

    /** The folder a peer called {@code name} uses, created if missing. */
    Path folder(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a peer called {@code name} on its folder, heartbeating every second. */
    Peer startPeer(String name) throws IOException, PeerException {
        return startPeer(name, 0);
    }

    /**
     * Starts a peer called {@code name} that serves at most {@code uploadLimit} bytes per second,
     * heartbeats every second, and gives up on a download after two seconds without sources.
     */
    Peer startPeer(String name, long uploadLimit) throws IOException, PeerException {
        return startPeer(name, uploadLimit, 0, true);
    }

    /** As {@link #startPeer(String, long)}, its downloads taking in at most {@code downloadLimit} bytes per second. */
    Peer startPeer(String name, long uploadLimit, long downloadLimit) throws IOException, PeerException {
        return startPeer(name, uploadLimit, downloadLimit, true);
    }

    /** As {@link #startPeer(String)}, told who joins and leaves only with {@code presenceNotices}, as without --quiet. */
    Peer startPeer(String name, boolean presenceNotices) throws IOException, PeerException {
        return startPeer(name, 0, 0, presenceNotices);
    }

    private Peer startPeer(String name, long uploadLimit, long downloadLimit, boolean presenceNotices)
            throws IOException, PeerException {
        Peer peer = Peer.start(new PeerConfig(folder(name),
                List.of(new TrackerAddress(trackerEndpoint(), Optional.empty())), 0, name, Duration.ofSeconds(1),
                Duration.ofSeconds(2), STALL_LIMIT, uploadLimit, downloadLimit,
                presenceNotices), bytes -> { });
        peers.add(peer);
        return peer;
    }

    /** Writes {@code size} random bytes (seeded, so reproducible) to {@code name} in the peer's folder. */
    Path randomFile(String peer, String name, int size, long seed) throws IOException {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return Files.write(folder(peer).resolve(name), content);
    }

    /**
     * Registers a peer that is only a tracker connection claiming to serve {@code files} on
     * {@code port}; closing the returned socket is what the tracker sees when a peer process is
     * killed.
     */
    Socket registerGhost(String name, int port, List<FileEntry> files) throws IOException {
        Socket socket = GhostPeer.register(trackerPort, name, port, files);
        ghosts.add(socket);
        return socket;
    }

    @Override
    public void close() throws IOException {
        for (Peer peer : peers) {
            peer.close();
        }
        for (Socket ghost : ghosts) {
            ghost.close();
        }
        tracker.close();
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.Printable;
import java.io.Closeable;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One peer's session at the tracker: who it is, where it serves, what it shares, when it was last
 * heard from, the connection it holds, the notices it subscribed to and how many texts it may
 * still send.
 *
 * <p>A peer held by another instance of the cluster is listed here too, as a session without a
 * connection: {@link #owner()} names that instance.
 *
 * <p>The identity fields never change. {@link #files} is changed only by {@link PeerRegistry}
 * under its lock; the other mutable fields are volatile so anyone may read them.
 */
final class RegisteredPeer {

    private final NodeId id;
    private final String name;
    private final InetAddress host;
    private final int port;
    private final Closeable connection;
    private final String owner;
    private final String session;
    private volatile boolean remoteTexts;
    private volatile boolean remotePresence;
    private final Set<FileId> files = new FileIdSet();
    private final Set<FileId> partialFiles = new HashSet<>();
    private volatile int fileCount;
    private volatile Instant lastSeen;
    private volatile Relay.Subscription subscription;
    private final RelayAllowance allowance;

    /**
     * @param connection what ends the session's connection; for a peer held elsewhere, nothing
     * @param owner the instance holding the peer's connection, or null for this one
     * @param session the session's token, unique across the cluster
     */
    RegisteredPeer(NodeId id, String name, InetAddress host, int port, Closeable connection, String owner,
            String session, Instant now, RelayAllowance allowance) {
        this.allowance = allowance;
        this.owner = owner;
        this.session = Objects.requireNonNull(session, "session");
        this.id = id;
        this.name = name;
        this.host = host;
        this.port = port;
        this.connection = connection;
        this.lastSeen = now;
    }

    NodeId id() {
        return id;
    }

    String name() {
        return name;
    }

    InetAddress host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The connection this session lives on; closing it ends the session's thread. */
    Closeable connection() {
        return connection;
    }

    /** The instance of the cluster holding this peer's connection, or null if this one does. */
    String owner() {
        return owner;
    }

    /** Whether another instance holds this peer's connection. */
    boolean remote() {
        return owner != null;
    }

    /** The session's token, unique across the cluster. */
    String session() {
        return session;
    }

    /** Whether this peer, held elsewhere, takes texts; whether it takes presence notices too. */
    void subscribedElsewhere(boolean presence) {
        remoteTexts = true;
        remotePresence = presence;
    }

    /** Whether this peer takes texts and offers, here or on its own instance. */
    boolean takesTexts() {
        return remote() ? remoteTexts : subscription != null;
    }

    /** Whether this peer, held elsewhere, takes presence notices there. */
    boolean takesPresenceElsewhere() {
        return remotePresence;
    }

    int fileCount() {
        return fileCount;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seen(Instant now) {
        lastSeen = now;
    }

    /** What the session subscribed to, or null if it takes no notices. */
    Relay.Subscription subscription() {
        return subscription;
    }

    /** How many texts and offers this peer may still send now. */
    RelayAllowance allowance() {
        return allowance;
    }

    void subscribe(Relay.Subscription subscription) {
        this.subscription = subscription;
    }

    /**
     * How a requester should reach this peer, the requester's connection coming from
     * {@code requester} to the tracker's {@code trackerSide}. A peer on the tracker's own machine
     * registers from a loopback address, which means nothing to a requester elsewhere: that
     * requester gets the tracker's address on the requester's network instead.
     */
    PeerEntry entryFor(InetAddress requester, InetAddress trackerSide) {
        InetAddress reachable = host.isLoopbackAddress() && !requester.isLoopbackAddress() ? trackerSide : host;
        return new PeerEntry(id, name, reachable.getHostAddress(), port, fileCount);
    }

    /** The files this peer shares, whole or in part; only for {@link PeerRegistry}, under its lock. */
    Set<FileId> files() {
        return files;
    }

    /** The files of {@link #files()} this peer has only some chunks of; only for {@link PeerRegistry}, under its lock. */
    Set<FileId> partialFiles() {
        return partialFiles;
    }

    /** Records the size of {@link #files()}; only for {@link PeerRegistry}, under its lock. */
    void filesChanged() {
        fileCount = files.size();
    }

    /** How people read this peer in logs: name and short id. */
    @Override
    public String toString() {
        return Printable.escape(name) + " (" + id.shortHex() + ")";
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.ProtocolException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online peers and, through {@link #files()}, what they share: the tracker's whole state.
 *
 * <p>Changes (register, announce, remove, expire) take one lock and do no I/O while holding it;
 * heartbeats and reads take none. A peer removed by any path is removed once: the first remover
 * learns it did, later ones that it was gone already.
 *
 * <p>One piece, longer than most, because that lock and the once-only removal are the contract:
 * every path that changes the peers (register or replace, announce, remove, expire, remove all) is
 * here, where it can be read against the others.
 */
final class PeerRegistry {

    /** Told of sessions that open and end, outside the registry's lock. */
    interface Presence {
        /** {@code peer} registered; not told when a peer's new session replaces its old one. */
        void joined(RegisteredPeer peer);

        /** {@code peer}'s session ended, other than by the tracker stopping. */
        void left(RegisteredPeer peer);
    }

    private static final Logger log = LoggerFactory.getLogger(PeerRegistry.class);

    /** The connection of a peer held by another instance: there is none here to close. */
    private static final Closeable NO_CONNECTION = () -> {
    };

    private static final Presence NOBODY_TOLD = new Presence() {
        @Override
        public void joined(RegisteredPeer peer) {
        }

        @Override
        public void left(RegisteredPeer peer) {
        }
    };

    private final Clock clock;
    private final Duration ttl;
    private volatile Presence presence = NOBODY_TOLD;
    private final Map<NodeId, RegisteredPeer> peers = new ConcurrentHashMap<>();
    private final FileIndex files = new FileIndex();
    private final ReentrantLock changes = new ReentrantLock();
    private final AtomicLong sessions = new AtomicLong();
    private volatile Cluster cluster = Cluster.local();

    PeerRegistry(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * From now on, publishes every change to this registry's own sessions to {@code cluster}, in
     * the order made, and names new sessions after its instance. Set before the first session opens.
     */
    void shareWith(Cluster cluster) {
        this.cluster = cluster;
    }

    /** From now on, tells {@code presence} of every session that opens and ends. */
    void tellPresence(Presence presence) {
        this.presence = presence;
    }

    /** A fresh allowance of texts and offers, measured by the registry's clock. */
    RelayAllowance newAllowance() {
        return new RelayAllowance(clock);
    }

    /** How long a peer stays listed without a heartbeat. */
    Duration ttl() {
        return ttl;
    }

    /** The files the online peers share. */
    FileIndex files() {
        return files;
    }

    /** A session just opened, and the one it replaced, if the same peer was still listed. */
    record Registration(RegisteredPeer peer, Optional<RegisteredPeer> replaced) {
    }

    /**
     * Opens a session for peer {@code id} serving on {@code host:port} with {@code initialFiles}.
     * The id is the one the peer proved on its connection, so a session still listed under it
     * belongs to the same peer, back before its old connection was noticed to be gone: that
     * session ends, and its connection is the caller's to close (outside the lock).
     *
     * <p>A file's size is listed as the first peer announced it: the tracker cannot check sizes,
     * downloaders can (the id commits to the size). A different size from another peer is not
     * refused, since a liar who announced first would then lock honest holders out; the holder is
     * listed under the listed size.
     */
    Registration register(NodeId id, String name, InetAddress host, int port, List<FileEntry> initialFiles,
            Closeable connection) {
        return register(id, name, host, port, initialFiles, connection, newAllowance());
    }

    /**
     * As {@link #register(NodeId, String, InetAddress, int, List, Closeable)}, the session spending
     * {@code allowance} on texts and offers: the connection's, so that registering again does not
     * renew it.
     */
    Registration register(NodeId id, String name, InetAddress host, int port, List<FileEntry> initialFiles,
            Closeable connection, RelayAllowance allowance) {
        Registration registration;
        changes.lock();
        try {
            RegisteredPeer previous = peers.get(id);
            Optional<RegisteredPeer> replaced = previous != null && removeLocked(previous) ? Optional.of(previous)
                    : Optional.empty();
            RegisteredPeer peer = new RegisteredPeer(id, name, host, port, connection, null,
                    cluster.instance() + "." + sessions.incrementAndGet(), clock.instant(), allowance);
            addFiles(peer, initialFiles);
            peers.put(id, peer);
            cluster.publish(new ClusterChange.Registered(id, peer.session(), name, host.getHostAddress(), port,
                    initialFiles));
            registration = new Registration(peer, replaced);
        } finally {
            changes.unlock();
        }
        if (registration.replaced().isEmpty()) {
            presence.joined(registration.peer());
        }
        return registration;
    }

    /**
     * Adds and removes files of {@code peer}'s list.
     *
     * @throws ProtocolException with {@link ErrorCode#NOT_REGISTERED} if the session has ended, or
     *     {@link ErrorCode#LIMIT_EXCEEDED} past {@value Limits#MAX_FILES_PER_PEER} files; the list
     *     is unchanged then
     */
    void announce(RegisteredPeer peer, List<FileEntry> added, List<FileId> removed) throws ProtocolException {
        changes.lock();
        try {
            if (peers.get(peer.id()) != peer) {
                throw new ProtocolException(ErrorCode.NOT_REGISTERED, "the session has ended; register again");
            }
            checkFileLimit(peer, added, removed);
            changeFiles(peer, added, removed);
            cluster.publish(new ClusterChange.FilesChanged(peer.id(), peer.session(), added, removed));
        } finally {
            changes.unlock();
        }
    }

    /**
     * Records that {@code peer} has {@code chunks} chunks of {@code file} and is downloading the
     * rest. A file the peer already shares whole stays whole.
     *
     * @throws ProtocolException with {@link ErrorCode#NOT_REGISTERED} if the session has ended, or
     *     {@link ErrorCode#LIMIT_EXCEEDED} past {@value Limits#MAX_PARTIAL_FILES_PER_PEER} partial
     *     files or {@value Limits#MAX_FILES_PER_PEER} files in all
     */
    void announcePartial(RegisteredPeer peer, FileEntry file, int chunks) throws ProtocolException {
        changes.lock();
        try {
            if (peers.get(peer.id()) != peer) {
                throw new ProtocolException(ErrorCode.NOT_REGISTERED, "the session has ended; register again");
            }
            FileId id = file.id();
            if (peer.files().contains(id) && !peer.partialFiles().contains(id)) {
                return;
            }
            if (!peer.files().contains(id)) {
                if (peer.partialFiles().size() >= Limits.MAX_PARTIAL_FILES_PER_PEER) {
                    throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "a peer downloads at most "
                            + Limits.MAX_PARTIAL_FILES_PER_PEER + " files at once as far as the tracker knows");
                }
                if (peer.files().size() >= Limits.MAX_FILES_PER_PEER) {
                    throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "a peer shares at most "
                            + Limits.MAX_FILES_PER_PEER + " files");
                }
            }
            addPartial(peer, file, chunks);
            cluster.publish(new ClusterChange.Partial(peer.id(), peer.session(), file, chunks));
        } finally {
            changes.unlock();
        }
    }

    /** Notes that {@code peer} is alive; false if its session has already ended. */
    boolean heartbeat(RegisteredPeer peer) {
        peer.seen(clock.instant());
        return peers.get(peer.id()) == peer;
    }

    /** Ends {@code peer}'s session; false if it had already ended. */
    boolean remove(RegisteredPeer peer) {
        boolean removed;
        changes.lock();
        try {
            removed = removeLocked(peer);
            if (removed && !peer.remote()) {
                cluster.publish(new ClusterChange.Ended(peer.id(), peer.session()));
            }
        } finally {
            changes.unlock();
        }
        if (removed) {
            presence.left(peer);
        }
        return removed;
    }

    /**
     * Ends every session not heard from within the ttl and returns them, so that the caller can
     * close their connections (outside the lock).
     */
    List<RegisteredPeer> expire() {
        Instant deadline = clock.instant().minus(ttl);
        List<RegisteredPeer> expired = new ArrayList<>();
        changes.lock();
        try {
            for (RegisteredPeer peer : peers.values()) {
                // A peer held elsewhere sends its heartbeats there, and expires there.
                if (!peer.remote() && peer.lastSeen().isBefore(deadline) && removeLocked(peer)) {
                    expired.add(peer);
                    cluster.publish(new ClusterChange.Ended(peer.id(), peer.session()));
                }
            }
        } finally {
            changes.unlock();
        }
        expired.forEach(presence::left);
        return expired;
    }

    /**
     * Ends every session, as when the tracker stops, and returns how many there were. Their
     * connections are the caller's to close.
     */
    int removeAll() {
        changes.lock();
        try {
            int removed = 0;
            for (RegisteredPeer peer : peers.values()) {
                if (removeLocked(peer)) {
                    removed++;
                }
            }
            return removed;
        } finally {
            changes.unlock();
        }
    }

    /** The peer with {@code id}, if online. */
    Optional<RegisteredPeer> peer(NodeId id) {
        return Optional.ofNullable(peers.get(id));
    }

    /** Every online peer, in no order; a live view that may change while it is read. */
    Collection<RegisteredPeer> online() {
        return Collections.unmodifiableCollection(peers.values());
    }

    /** Whether {@code peer}'s session is open and lists {@code id} as shared whole. */
    boolean sharesWhole(RegisteredPeer peer, FileId id) {
        changes.lock();
        try {
            return peers.get(peer.id()) == peer && peer.files().contains(id) && !peer.partialFiles().contains(id);
        } finally {
            changes.unlock();
        }
    }

    /** How many peers are online. */
    int size() {
        return peers.size();
    }

    /** Up to {@code max} online peers, by name. */
    List<RegisteredPeer> list(int max) {
        return peers.values().stream()
                .sorted(Comparator.comparing(RegisteredPeer::name).thenComparing(peer -> peer.id().hex()))
                .limit(max)
                .toList();
    }

    /** Notes that {@code peer}, held here, subscribed to texts and, with {@code presence}, to who joins and leaves. */
    void subscribed(RegisteredPeer peer, boolean presence) {
        changes.lock();
        try {
            if (peers.get(peer.id()) == peer) {
                cluster.publish(new ClusterChange.Subscribed(peer.id(), peer.session(), presence));
            }
        } finally {
            changes.unlock();
        }
    }

    /**
     * Applies {@code change}, made by instance {@code owner} to a session it holds. A change to a
     * session that has moved on is ignored. A registration replaces whatever session the peer had,
     * silently: if that session was held here, the peer has moved to {@code owner}, and its
     * connection here is closed without a notice.
     *
     * @param tellPresence whether a peer new to this registry, or gone from it, is told as joined
     *     or left; not while a view is being rebuilt
     */
    void applyRemote(String owner, ClusterChange change, boolean tellPresence) {
        RegisteredPeer joined = null;
        RegisteredPeer left = null;
        RegisteredPeer movedAway = null;
        changes.lock();
        try {
            RegisteredPeer current = peers.get(change.peer());
            if (change instanceof ClusterChange.Registered registered) {
                RegisteredPeer peer = remotePeer(owner, registered);
                if (current != null) {
                    removeLocked(current);
                    movedAway = current.remote() ? null : current;
                } else {
                    joined = peer;
                }
                addFiles(peer, registered.files());
                peers.put(peer.id(), peer);
            } else if (current == null || !current.remote() || !current.session().equals(change.session())) {
                return;
            } else if (change instanceof ClusterChange.FilesChanged filesChanged) {
                changeFiles(current, filesChanged.added(), filesChanged.removed());
            } else if (change instanceof ClusterChange.Partial partial) {
                FileId id = partial.file().id();
                if (!current.files().contains(id) || current.partialFiles().contains(id)) {
                    addPartial(current, partial.file(), partial.chunks());
                }
            } else if (change instanceof ClusterChange.Subscribed subscribed) {
                current.subscribedElsewhere(subscribed.presence());
            } else if (change instanceof ClusterChange.Ended && removeLocked(current)) {
                left = current;
            }
        } finally {
            changes.unlock();
        }
        if (movedAway != null) {
            closeQuietly(movedAway);
        }
        if (tellPresence && joined != null) {
            presence.joined(joined);
        }
        if (tellPresence && left != null) {
            presence.left(left);
        }
    }

    /**
     * Ends the sessions that instance {@code owner} held, but for the peers in {@code keep}, each
     * told as left: that instance is gone, or has said which sessions it still holds.
     *
     * @return how many ended
     */
    int removeHeldBy(String owner, Set<NodeId> keep) {
        List<RegisteredPeer> removed = new ArrayList<>();
        changes.lock();
        try {
            for (RegisteredPeer peer : peers.values()) {
                if (owner.equals(peer.owner()) && !keep.contains(peer.id()) && removeLocked(peer)) {
                    removed.add(peer);
                }
            }
        } finally {
            changes.unlock();
        }
        removed.forEach(presence::left);
        return removed.size();
    }

    /**
     * Every session held here, as the changes that would rebuild it elsewhere: a registration with
     * the whole files, then the partial ones, then the subscription.
     */
    List<ClusterChange> ownSessions() {
        List<ClusterChange> all = new ArrayList<>();
        changes.lock();
        try {
            for (RegisteredPeer peer : peers.values()) {
                if (!peer.remote()) {
                    describe(peer, all);
                }
            }
        } finally {
            changes.unlock();
        }
        return all;
    }

    /** The instances holding the peers listed here but not held here. */
    Set<String> owners() {
        Set<String> owners = new HashSet<>();
        for (RegisteredPeer peer : peers.values()) {
            if (peer.remote()) {
                owners.add(peer.owner());
            }
        }
        return owners;
    }

    /**
     * See {@link Tracker#view()}: a line per peer, by id, {@code SHORTID SESSION NAME PORT texts|-}
     * then each file it holds as {@code SHORTID:SIZE:HOLDING}, or {@code SHORTID:unlisted} if the
     * index lacks it.
     */
    String view() {
        StringBuilder view = new StringBuilder();
        changes.lock();
        try {
            peers.values().stream().sorted(Comparator.comparing(peer -> peer.id().hex())).forEach(peer -> {
                view.append(peer.id().shortHex()).append(' ').append(peer.session()).append(' ').append(peer.name())
                        .append(' ').append(peer.port()).append(' ').append(peer.takesTexts() ? "texts" : "-");
                peer.files().stream().sorted().forEach(id -> view.append(' ').append(id.shortHex()).append(':')
                        .append(files.file(id).map(file -> file.size() + ":" + file.holders().get(peer.id()))
                                .orElse("unlisted")));
                view.append('\n');
            });
        } finally {
            changes.unlock();
        }
        return view.toString();
    }

    private void describe(RegisteredPeer peer, List<ClusterChange> into) {
        List<FileEntry> whole = new ArrayList<>();
        List<ClusterChange> partial = new ArrayList<>();
        for (FileId id : peer.files()) {
            Optional<FileIndex.IndexedFile> file = files.file(id);
            FileIndex.Holding holding = file.map(found -> found.holders().get(peer.id())).orElse(null);
            if (holding == null) {
                continue;
            }
            for (String name : holding.names()) {
                FileEntry entry = new FileEntry(id, name, file.get().size());
                if (holding.complete()) {
                    whole.add(entry);
                } else {
                    partial.add(new ClusterChange.Partial(peer.id(), peer.session(), entry, holding.chunks()));
                }
            }
        }
        into.add(new ClusterChange.Registered(peer.id(), peer.session(), peer.name(), peer.host().getHostAddress(),
                peer.port(), whole));
        into.addAll(partial);
        Relay.Subscription subscription = peer.subscription();
        if (subscription != null) {
            into.add(new ClusterChange.Subscribed(peer.id(), peer.session(), subscription.presence()));
        }
    }

    private RegisteredPeer remotePeer(String owner, ClusterChange.Registered registered) {
        String literal = registered.host();
        // Only an address is looked at: a name would be looked up, on this thread, in DNS.
        if (!literal.matches("[0-9.]{7,15}|[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*")) {
            throw new IllegalArgumentException("not an address: " + Printable.escape(literal));
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + Printable.escape(literal), e);
        }
        return new RegisteredPeer(registered.peer(), registered.name(), host, registered.port(), NO_CONNECTION, owner,
                registered.session(), clock.instant(), newAllowance());
    }

    private static void closeQuietly(RegisteredPeer movedAway) {
        try {
            movedAway.connection().close();
        } catch (IOException e) {
            // The peer has a session elsewhere; this connection ends one way or another.
            log.debug("closing the connection of {}, which moved to another instance, failed: {}", movedAway,
                    FailureReason.of(e));
        }
    }

    private boolean removeLocked(RegisteredPeer peer) {
        if (!peers.remove(peer.id(), peer)) {
            return false;
        }
        for (FileId id : peer.files()) {
            files.remove(id, peer.id());
        }
        peer.files().clear();
        peer.partialFiles().clear();
        peer.filesChanged();
        return true;
    }

    private static void checkFileLimit(RegisteredPeer peer, List<FileEntry> added, List<FileId> removed)
            throws ProtocolException {
        Set<FileId> removing = new HashSet<>(removed);
        removing.retainAll(peer.files());
        long arriving = added.stream().map(FileEntry::id).distinct()
                .filter(id -> !peer.files().contains(id) || removing.contains(id))
                .count();
        long after = peer.files().size() - removing.size() + arriving;
        if (after > Limits.MAX_FILES_PER_PEER) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "a peer shares at most " + Limits.MAX_FILES_PER_PEER
                    + " files; this would make " + after);
        }
    }

    private void changeFiles(RegisteredPeer peer, List<FileEntry> added, List<FileId> removed) {
        for (FileId id : removed) {
            peer.partialFiles().remove(id);
            if (peer.files().remove(id)) {
                files.remove(id, peer.id());
            }
        }
        addFiles(peer, added);
    }

    private void addPartial(RegisteredPeer peer, FileEntry file, int chunks) {
        if (!peer.files().contains(file.id())) {
            peer.files().add(file.id());
            peer.partialFiles().add(file.id());
            peer.filesChanged();
        }
        files.addPartial(file, peer.id(), chunks);
    }

    private void addFiles(RegisteredPeer peer, List<FileEntry> added) {
        for (FileEntry entry : added) {
            // A file announced again under another name is listed under both: copies in a folder.
            peer.partialFiles().remove(entry.id());
            peer.files().add(entry.id());
            files.add(entry, peer.id());
        }
        peer.filesChanged();
    }

}

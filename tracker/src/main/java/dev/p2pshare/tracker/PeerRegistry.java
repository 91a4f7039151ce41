package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.ProtocolException;
import java.io.Closeable;
import java.net.InetAddress;
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
import java.util.concurrent.locks.ReentrantLock;

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

    PeerRegistry(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
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
            RegisteredPeer peer = new RegisteredPeer(id, name, host, port, connection, clock.instant(),
                    allowance);
            addFiles(peer, initialFiles);
            peers.put(id, peer);
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
            for (FileId id : removed) {
                peer.partialFiles().remove(id);
                if (peer.files().remove(id)) {
                    files.remove(id, peer.id());
                }
            }
            addFiles(peer, added);
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
                peer.files().add(id);
                peer.partialFiles().add(id);
                peer.filesChanged();
            }
            files.addPartial(file, peer.id(), chunks);
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
                if (peer.lastSeen().isBefore(deadline) && removeLocked(peer)) {
                    expired.add(peer);
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

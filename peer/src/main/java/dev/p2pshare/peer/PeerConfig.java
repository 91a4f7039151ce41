package dev.p2pshare.peer;

import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a peer runs.
 *
 * @param folder the shared folder, where downloads land too
 * @param trackers the trackers to register with, one at a time: where each listens and the id it must
 *     prove, if the user pinned one (empty to trust the id it proves on first contact); at least
 *     one, no address twice. The trackers are independent: when one is lost the peer registers
 *     afresh with another.
 * @param port the TCP port to serve chunks on, or 0 for a free one
 * @param name how other peers see this one
 * @param heartbeat how often to tell the tracker this peer is alive
 * @param sourceWait how long a download with no source that may deliver keeps looking before it gives up
 * @param stallLimit how long a source may deliver nothing before a download drops it
 * @param uploadLimit the most bytes per second this peer serves to others at start, 0 for no limit;
 *     {@link Peer#rateLimits()} changes it while the peer runs
 * @param downloadLimit the most bytes per second this peer's downloads take in all at start, 0 for no
 *     limit; {@link Peer#rateLimits()} changes it while the peer runs
 * @param presenceNotices whether to be told when other peers join and leave
 * @param hostedTracker the port of a tracker to run in this peer's process and register with (0 for a
 *     free one), or empty to host none; a peer that hosts one is given no other trackers
 */
public record PeerConfig(Path folder, List<TrackerAddress> trackers, int port, String name, Duration heartbeat,
        Duration sourceWait, Duration stallLimit, long uploadLimit, long downloadLimit,
        boolean presenceNotices, OptionalInt hostedTracker) {

    /** How many seconds pass between heartbeats unless told otherwise. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 10;

    /** How many seconds a download with no source keeps looking, unless told otherwise. */
    public static final int DEFAULT_SOURCE_WAIT_SECONDS = 60;

    /** How many seconds a source may deliver nothing before a download drops it, unless told otherwise. */
    public static final int DEFAULT_STALL_LIMIT_SECONDS = 30;

    /** How long to wait for any one answer from the tracker. */
    public static final Duration TRACKER_TIMEOUT = Duration.ofSeconds(10);

    public PeerConfig {
        Objects.requireNonNull(folder, "folder");
        trackers = List.copyOf(trackers);
        Objects.requireNonNull(hostedTracker, "hostedTracker");
        if (hostedTracker.isPresent()) {
            if (!trackers.isEmpty()) {
                throw new IllegalArgumentException("a peer that hosts a tracker registers with it alone, not with "
                        + trackers.size() + " other trackers too");
            }
            if (hostedTracker.getAsInt() < 0 || hostedTracker.getAsInt() > 65_535) {
                throw new IllegalArgumentException("a port is 0 to 65535, not " + hostedTracker.getAsInt());
            }
        } else {
            TrackerAddress.requireDistinct(trackers);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
        }
        FileNames.requirePeerName(name);
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0 || heartbeat.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the heartbeat is 1 second to 1 hour, not " + heartbeat.toSeconds() + " s");
        }
        Objects.requireNonNull(sourceWait, "sourceWait");
        if (sourceWait.isNegative()) {
            throw new IllegalArgumentException("the source wait cannot be negative");
        }
        Objects.requireNonNull(stallLimit, "stallLimit");
        if (stallLimit.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the stall limit is at least 1 second");
        }
        if (uploadLimit < 0 || downloadLimit < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative");
        }
    }

    /** A peer that registers with {@code trackers} and hosts none. */
    public PeerConfig(Path folder, List<TrackerAddress> trackers, int port, String name, Duration heartbeat,
            Duration sourceWait, Duration stallLimit, long uploadLimit, long downloadLimit, boolean presenceNotices) {
        this(folder, trackers, port, name, heartbeat, sourceWait, stallLimit, uploadLimit, downloadLimit,
                presenceNotices, OptionalInt.empty());
    }

    /** This configuration, registering with {@code tracker} alone and hosting none. */
    public PeerConfig using(TrackerAddress tracker) {
        return new PeerConfig(folder, List.of(tracker), port, name, heartbeat, sourceWait, stallLimit, uploadLimit,
                downloadLimit, presenceNotices, OptionalInt.empty());
    }

    /** The addresses of {@link #trackers}, in order. */
    public List<Endpoint> trackerEndpoints() {
        return trackers.stream().map(TrackerAddress::endpoint).toList();
    }

    /** The id pinned for the tracker at {@code tracker}, or empty if it is trusted on first contact. */
    public Optional<NodeId> pinnedId(Endpoint tracker) {
        return trackers.stream().filter(given -> given.endpoint().equals(tracker)).findFirst()
                .flatMap(TrackerAddress::id);
    }
}

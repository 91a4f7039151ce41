package dev.p2pshare.tracker;

import dev.p2pshare.protocol.tls.NodeIdentity;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a tracker runs.
 *
 * @param bindAddress the address to listen on; null for every address
 * @param port the TCP port, or 0 for a free one
 * @param peerTtl how long a peer stays listed without a heartbeat
 * @param sweepInterval how often silent peers are looked for
 * @param clock the time that {@code peerTtl} is measured in; tests move it by hand
 * @param identity who the tracker proves to be on every connection
 * @param allowList the peers the tracker serves
 * @param maxConnectionsPerAddress how many connections the tracker serves from any one address
 * @param cluster how the tracker shares its network with other instances, or null for not at all
 */
public record TrackerConfig(InetAddress bindAddress, int port, Duration peerTtl, Duration sweepInterval, Clock clock,
        NodeIdentity identity, AllowList allowList, int maxConnectionsPerAddress, ClusterSettings cluster) {

    /** The port a tracker listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 6969;

    /** How many seconds a silent peer stays listed unless told otherwise. */
    public static final int DEFAULT_PEER_TTL_SECONDS = 30;

    public TrackerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
        }
        Objects.requireNonNull(peerTtl, "peerTtl");
        if (peerTtl.compareTo(Duration.ofSeconds(1)) < 0 || peerTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the peer ttl is 1 second to 1 day, not " + peerTtl.toSeconds() + " s");
        }
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("the sweep interval must be positive");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(allowList, "allowList");
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("at least one connection per address, not " + maxConnectionsPerAddress);
        }
    }

    /** A tracker on its own. */
    public TrackerConfig(InetAddress bindAddress, int port, Duration peerTtl, Duration sweepInterval, Clock clock,
            NodeIdentity identity, AllowList allowList, int maxConnectionsPerAddress) {
        this(bindAddress, port, peerTtl, sweepInterval, clock, identity, allowList, maxConnectionsPerAddress, null);
    }

    /** This configuration, the tracker sharing its network with the instances in {@code cluster}. */
    TrackerConfig inCluster(ClusterSettings cluster) {
        return new TrackerConfig(bindAddress, port, peerTtl, sweepInterval, clock, identity, allowList,
                maxConnectionsPerAddress, cluster);
    }

    /** A tracker that serves the peers on {@code allowList}, up to the default connections per address. */
    public TrackerConfig(InetAddress bindAddress, int port, Duration peerTtl, Duration sweepInterval, Clock clock,
            NodeIdentity identity, AllowList allowList) {
        this(bindAddress, port, peerTtl, sweepInterval, clock, identity, allowList,
                Tracker.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    /**
     * A tracker as tracker.jar runs it without options but the port: on every address, serving
     * every peer, expiring peers after {@value #DEFAULT_PEER_TTL_SECONDS} s of silence.
     */
    public static TrackerConfig withDefaults(int port, NodeIdentity identity) {
        return new TrackerConfig(null, port, Duration.ofSeconds(DEFAULT_PEER_TTL_SECONDS), Duration.ofSeconds(1),
                new MonotonicClock(), identity);
    }

    /** A tracker that serves every peer. */
    public TrackerConfig(InetAddress bindAddress, int port, Duration peerTtl, Duration sweepInterval, Clock clock,
            NodeIdentity identity) {
        this(bindAddress, port, peerTtl, sweepInterval, clock, identity, AllowList.everyone());
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tracker: the listening server, the peer registry, the relay of notices between
 * peers, and the sweeper that expires silent peers. Start with {@link #start}, stop with {@link #close}.
 */
public final class Tracker implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Tracker.class);

    /** How many connections the tracker serves at once: a session each, and room for searches. */
    static final int MAX_CONNECTIONS = 16_384;

    /** How many connections the tracker serves from one address, unless configured otherwise. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

    /** How long a new connection has to send its {@code hello}. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final NodeId id;
    private final PeerRegistry registry;
    private final Relay relay;
    private final Cluster cluster;
    private final ExpirySweeper sweeper;
    private final ConnectionServer server;
    private final TrackerMetrics metrics;

    private Tracker(NodeId id, PeerRegistry registry, Relay relay, Cluster cluster, ExpirySweeper sweeper,
            ConnectionServer server, TrackerMetrics metrics) {
        this.id = id;
        this.registry = registry;
        this.relay = relay;
        this.cluster = cluster;
        this.sweeper = sweeper;
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound (for example, the port is taken)
     */
    public static Tracker start(TrackerConfig config) throws IOException {
        PeerRegistry registry = new PeerRegistry(config.clock(), config.peerTtl());
        TrackerMetrics metrics = new TrackerMetrics(registry, config.identity().id().grouped());
        Cluster cluster = Cluster.local();
        RedisCluster shared = null;
        if (config.cluster() != null) {
            shared = RedisCluster.join(config.cluster(), registry, config.identity().id());
            cluster = shared;
            registry.shareWith(cluster);
            metrics.watch(cluster);
        }
        Relay relay = new Relay(registry, cluster, config.clock());
        registry.tellPresence(relay);
        if (shared != null) {
            shared.deliverTo(relay);
        }
        // A registered peer is silent between heartbeats, and the sweeper ends it after the ttl;
        // the read timeout only needs to catch connections that never register.
        Duration readTimeout = config.peerTtl().multipliedBy(2).compareTo(Transport.DEFAULT_READ_TIMEOUT) > 0
                ? config.peerTtl().multipliedBy(2) : Transport.DEFAULT_READ_TIMEOUT;
        Transport transport = Transport.tls(new TlsLayer(config.identity()), Transport.DEFAULT_CONNECT_TIMEOUT,
                readTimeout);
        ConnectionServer server;
        try {
            server = ConnectionServer.start("tracker", transport, config.bindAddress(), config.port(),
                    new ConnectionServer.Capacity(MAX_CONNECTIONS, config.maxConnectionsPerAddress()),
                    socket -> new TrackerSession(socket, registry, relay, config.allowList(), HANDSHAKE_TIMEOUT,
                            metrics).serve(),
                    failure -> log.warn("tracker connection failure: {}", Printable.escape(failure)));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            relay.close();
            throw e;
        }
        ExpirySweeper sweeper = new ExpirySweeper(registry, config.sweepInterval());
        if (shared != null) {
            shared.advertise(Endpoint.of(server.address()));
        }
        return new Tracker(config.identity().id(), registry, relay, cluster, sweeper, server, metrics);
    }

    /** The id the tracker proves on every connection. */
    public NodeId id() {
        return id;
    }

    /** The port the tracker listens on. */
    public int port() {
        return server.port();
    }

    /** The address and port the tracker listens on. */
    public Endpoint endpoint() {
        return Endpoint.of(server.address());
    }

    /** How many peers are online. */
    public int peerCount() {
        return registry.size();
    }

    /** Whether the peer {@code id} is online here. */
    public boolean lists(NodeId id) {
        return registry.peer(id).isPresent();
    }

    /** How many distinct files the online peers share. */
    public int fileCount() {
        return registry.files().size();
    }

    /** What the tracker counts about itself: for {@link MetricsServer} and the summary it logs. */
    public TrackerMetrics metrics() {
        return metrics;
    }

    /** How the tracker stands in its cluster, or null for a tracker on its own. */
    public ClusterStatus clusterStatus() {
        return cluster.status();
    }

    /**
     * The peers listed here, each with its session and files, and the files' sources, as one text:
     * instances of one cluster that agree give the same text.
     */
    String view() {
        return registry.view();
    }

    /**
     * The ids of the peers whose sessions this instance holds itself, over a connection of its
     * own, leaving out those it lists for other instances of its cluster; a snapshot.
     */
    Set<NodeId> ownPeers() {
        return registry.online().stream().filter(peer -> !peer.remote()).map(RegisteredPeer::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Expires silent peers now rather than at the next sweep. */
    public void sweepNow() {
        sweeper.sweep();
    }

    /** Stops listening, ends every session and stops the sweeper. */
    @Override
    public void close() {
        sweeper.close();
        // The sessions held here stay in the cluster's store until the lease runs out: a peer that
        // registers with another instance meanwhile moves there without leaving.
        cluster.close();
        // Ended here, the sessions are not each logged as leaving when their connections close.
        int online = registry.removeAll();
        relay.close();
        server.close();
        log.info("tracker stopped; {} {} online", online, online == 1 ? "peer was" : "peers were");
    }
}

package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionServer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the shared files' manifests and chunks to other peers. Start with {@link #start}, stop with {@link #close}. */
public final class ChunkServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ChunkServer.class);

    /**
     * How many peers this peer serves at once. Each one that fetches chunks holds a chunk buffer
     * (1 MiB), so this bounds the memory uploads can take.
     */
    static final int MAX_CONNECTIONS = 256;

    /** How many connections a peer serves from one address: a downloader needs one per file it fetches. */
    static final int MAX_CONNECTIONS_PER_ADDRESS = 32;

    /** How long a new connection has to send its {@code hello}. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionServer server;
    private final ServingStats stats;

    private ChunkServer(ConnectionServer server, ServingStats stats) {
        this.server = server;
        this.stats = stats;
    }

    /**
     * Binds {@code port} (0 for a free one) on {@code bindAddress} (every address if null) and
     * starts serving the files {@code files} finds, within {@code limit}, to everyone.
     *
     * @throws IOException if the port cannot be bound
     */
    public static ChunkServer start(Transport transport, InetAddress bindAddress, int port, ServedFiles files,
            RateLimit limit) throws IOException {
        return start(transport, bindAddress, port, id -> true, files, limit);
    }

    /**
     * As {@link #start(Transport, InetAddress, int, ServedFiles, RateLimit)}, serving only the
     * nodes {@code admits} lets in (others get {@code not-allowed}); over plaintext, where no node
     * proves an id, everyone.
     */
    public static ChunkServer start(Transport transport, InetAddress bindAddress, int port, Predicate<NodeId> admits,
            ServedFiles files, RateLimit limit) throws IOException {
        ServingStats stats = new ServingStats();
        ConnectionServer server = ConnectionServer.start("peer", transport, bindAddress, port,
                new ConnectionServer.Capacity(MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS),
                socket -> new ChunkSession(socket, files, admits, stats, limit, HANDSHAKE_TIMEOUT).serve(),
                failure -> log.warn("peer server failure: {}", Printable.escape(failure)));
        return new ChunkServer(server, stats);
    }

    /** The port this peer serves on. */
    public int port() {
        return server.port();
    }

    /** The address and port this peer serves on. */
    public Endpoint endpoint() {
        return Endpoint.of(server.address());
    }

    /** What has been served so far. */
    public ServingStats.Snapshot stats() {
        return stats.snapshot();
    }

    @Override
    public void close() {
        server.close();
    }
}

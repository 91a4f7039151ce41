package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.TlsLayer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * The one place sockets are created and accepted, so that every connection gets the same
 * options, timeouts and security.
 *
 * <p>A transport is either {@linkplain #tls TLS}, as the tracker and peer programs always are,
 * or {@linkplain #plaintext plaintext}, for tests and measurements that need to see or
 * compare the bytes underneath. Over TLS, every connection proves both ends' node ids; {@link
 * #remoteId} gives the other end's.
 *
 * <p>Sockets are those of {@link SocketChannel}s, used through their streams, which keep to the
 * read timeout. On a plaintext connection, {@link #channelOf} gives the channel for sending a
 * file's bytes straight from the page cache ({@code sendfile}) and for reading large payloads
 * without a copy; reads through the channel do not keep to the timeout. Interrupting a thread
 * blocked on such a socket closes it.
 *
 * <p>Thread-safe.
 */
public final class Transport {

    /** How long a connection attempt may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long a read may block before the connection is given up. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private static final int BACKLOG = 1024;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Optional<TlsLayer> tls;

    private Transport(Duration connectTimeout, Duration readTimeout, Optional<TlsLayer> tls) {
        this.connectTimeoutMillis = positiveMillis(connectTimeout, "connectTimeout");
        this.readTimeoutMillis = positiveMillis(readTimeout, "readTimeout");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** A TLS transport presenting {@code tls}'s identity, with the given timeouts; both must be positive. */
    public static Transport tls(TlsLayer tls, Duration connectTimeout, Duration readTimeout) {
        return new Transport(connectTimeout, readTimeout, Optional.of(tls));
    }

    /** A TLS transport presenting {@code tls}'s identity, with the default timeouts. */
    public static Transport tls(TlsLayer tls) {
        return tls(tls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /**
     * A transport without TLS, with the given timeouts. Its connections prove nobody's identity:
     * it exists for tests and measurements, and the programs never use it.
     */
    public static Transport plaintext(Duration connectTimeout, Duration readTimeout) {
        return new Transport(connectTimeout, readTimeout, Optional.empty());
    }

    /** A transport without TLS, with the default timeouts; see {@link #plaintext(Duration, Duration)}. */
    public static Transport plaintext() {
        return plaintext(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** Whether connections are TLS. */
    public boolean secure() {
        return tls.isPresent();
    }

    /**
     * A listening socket on {@code bindAddress} (any address if null) and {@code port} (a free
     * port if 0). The caller closes it.
     */
    public ServerSocket listen(InetAddress bindAddress, int port) throws IOException {
        ServerSocket server = ServerSocketChannel.open().socket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(bindAddress, port), BACKLOG);
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Waits for the next connection on {@code server} and returns it configured, before any TLS
     * handshake: {@link #handshake} that on the thread that serves the connection.
     */
    public Socket accept(ServerSocket server) throws IOException {
        Socket socket = server.accept();
        try {
            configure(socket);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A configured connection to {@code address}, to whoever proves any identity there. The
     * caller closes it, and may check {@link #remoteId}.
     */
    public Socket connect(InetSocketAddress address) throws IOException {
        return connect(address, address.toString(), Optional.empty());
    }

    /**
     * A configured connection to {@code address}, which must prove the id {@code expected} if
     * given. The caller closes it.
     *
     * @param who names the other side in errors, such as {@code the tracker at 10.0.0.1:6969}
     * @throws dev.p2pshare.protocol.tls.UnexpectedIdentityException if it proves another id
     */
    public Socket connect(InetSocketAddress address, String who, Optional<NodeId> expected) throws IOException {
        return connect(address, who, expected, Duration.ofMillis(connectTimeoutMillis));
    }

    /**
     * As {@link #connect(InetSocketAddress, String, Optional)}, with {@code limit} for the TCP
     * connection and the TLS handshake in all: a server that trickles its handshake a byte at a
     * time is given up at the limit, as one that stays silent is. No longer than the connect
     * timeout for the TCP connection itself.
     *
     * @throws SocketTimeoutException past the limit
     */
    public Socket connect(InetSocketAddress address, String who, Optional<NodeId> expected, Duration limit)
            throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expected, "expected");
        long deadline = System.nanoTime() + limit.toNanos();
        Socket socket = SocketChannel.open().socket();
        try {
            configure(socket);
            socket.connect(address, (int) Math.max(1, Math.min(connectTimeoutMillis, limit.toMillis())));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        if (tls.isEmpty()) {
            return socket;
        }
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        // The deadline ends a handshake that trickles; the read timeout, one that stalls for good.
        socket.setSoTimeout(connectTimeoutMillis);
        SSLSocket secured;
        try {
            secured = Deadlines.within(socket, left, "TLS handshake with " + who,
                    () -> tls.get().connectOver(socket, who, expected));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        SocketClose.remember(secured, socket);
        secured.setSoTimeout(readTimeoutMillis);
        return secured;
    }

    /**
     * Runs the server side of the TLS handshake on an {@linkplain #accept accepted} socket, and
     * returns the socket to talk over; for a plaintext transport, the socket itself. The client
     * has the connect timeout in all, as long as this side would wait for a server; past it, or if
     * the handshake fails, the socket is closed and this throws.
     */
    public Socket handshake(Socket accepted) throws IOException {
        if (tls.isEmpty()) {
            return accepted;
        }
        SSLSocket secured = Deadlines.within(accepted, Duration.ofMillis(connectTimeoutMillis), "TLS handshake",
                () -> tls.get().acceptOver(accepted));
        SocketClose.remember(secured, accepted);
        return secured;
    }

    /** The id the other end of {@code socket} proved, or empty over plaintext. */
    public static Optional<NodeId> remoteId(Socket socket) {
        return TlsLayer.remoteId(socket);
    }

    /**
     * The channel under {@code socket} to send file bytes to and read payloads from directly, or
     * null if bytes must go through the socket's streams, as they must over TLS.
     */
    public static SocketChannel channelOf(Socket socket) {
        // A TLS socket laid over another one reports that one's channel: bytes written there
        // would bypass the encryption.
        return socket instanceof SSLSocket ? null : socket.getChannel();
    }

    private void configure(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.setSoTimeout(readTimeoutMillis);
    }

    private static int positiveMillis(Duration duration, String name) {
        long millis = duration.toMillis();
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
        return (int) millis;
    }
}

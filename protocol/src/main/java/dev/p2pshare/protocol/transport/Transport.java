package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.TlsLayer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final int LINGER_MILLIS = 500;
    private static final int LINGER_BYTES = 64 * 1024;

    // The TCP socket under each TLS socket, for abort: closing a TLS socket from another thread
    // can wait for a read in progress on it. Weak keys: an entry goes with its TLS socket.
    private static final Map<Socket, Socket> UNDERLYING = Collections.synchronizedMap(new WeakHashMap<>());

    // One thread ends the handshakes that overrun, for every transport of the process.
    private static final ScheduledExecutorService DEADLINES = deadlineThread();

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
            secured = withinDeadline(socket, left, "TLS handshake with " + who,
                    () -> tls.get().connectOver(socket, who, expected));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        UNDERLYING.put(secured, socket);
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
        SSLSocket secured = withinDeadline(accepted, Duration.ofMillis(connectTimeoutMillis), "TLS handshake",
                () -> tls.get().acceptOver(accepted));
        UNDERLYING.put(secured, accepted);
        return secured;
    }

    /** A blocking step on a socket, such as reading a handshake. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code step} on {@code socket} within {@code limit} in all: past it the socket is
     * closed, which ends the step, and this throws {@link SocketTimeoutException} naming
     * {@code what}. The bound is on the total time, which read timeouts cannot give against a
     * client that sends a byte now and then.
     */
    public static <T> T withinDeadline(Socket socket, Duration limit, String what, Step<T> step) throws IOException {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> closing = DEADLINES.schedule(() -> {
            // Set before the close, so that the step the close ends sees that the deadline did it.
            fired.set(true);
            abortQuietly(socket);
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        T result;
        try {
            result = step.run();
        } catch (IOException e) {
            closing.cancel(false);
            if (fired.get()) {
                throw overran(what, limit, e);
            }
            throw e;
        }
        closing.cancel(false);
        if (fired.get()) {
            throw overran(what, limit, null);
        }
        return result;
    }

    private static SocketTimeoutException overran(String what, Duration limit, IOException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException("the " + what + " took longer than "
                + limit.toMillis() + " ms");
        if (cause != null) {
            timeout.initCause(cause);
        }
        return timeout;
    }

    /**
     * Ends {@code socket} at once, from any thread: closes the TCP connection under it, so that a
     * thread blocked reading it fails now. A TLS socket's own close sends a closing alert first
     * and can wait for such a read to finish, up to its read timeout.
     */
    public static void abort(Socket socket) throws IOException {
        Socket underlying = UNDERLYING.get(socket);
        (underlying != null ? underlying : socket).close();
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

    /**
     * Closes {@code socket} after an error reply, so that the other side can read that reply.
     * Closing a socket with unread input makes TCP reset the connection, which can destroy the
     * reply in flight; so this half-closes, reads and drops what the other side still sends (up
     * to {@value #LINGER_BYTES} bytes, for at most {@value #LINGER_MILLIS} ms), then closes.
     */
    public static void lingeringClose(Socket socket) throws IOException {
        try (socket) {
            socket.shutdownOutput();
            socket.setSoTimeout(LINGER_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] scratch = new byte[8192];
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            int drained = 0;
            while (drained < LINGER_BYTES && System.nanoTime() < deadline) {
                int n = in.read(scratch);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (SocketTimeoutException e) {
            // The other side kept the connection open without sending: it has had its chance to read.
            return;
        }
    }

    private void configure(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.setSoTimeout(readTimeoutMillis);
    }

    private static void abortQuietly(Socket socket) {
        try {
            abort(socket);
        } catch (IOException e) {
            // The socket is being abandoned for overrunning its deadline; a failed close changes nothing.
            return;
        }
    }

    private static ScheduledExecutorService deadlineThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "handshake-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static int positiveMillis(Duration duration, String name) {
        long millis = duration.toMillis();
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
        return (int) millis;
    }
}

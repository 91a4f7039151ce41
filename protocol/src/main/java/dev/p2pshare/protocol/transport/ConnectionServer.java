package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.Printable;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections and serves each on its own thread: the shape both the tracker and the peer
 * servers share. Bind (port 0 picks a free port), read {@link #port()}, {@link #close()} to stop.
 *
 * <p>The handler owns the socket's conversation but not its life: the server closes the socket
 * when the handler returns, and closes every live socket on {@link #close()}.
 */
public final class ConnectionServer implements Closeable {

    /** Serves one accepted connection until it is done. Must not throw; report failures itself. */
    @FunctionalInterface
    public interface Handler {
        void serve(Socket socket);
    }

    /**
     * How many connections a server serves at once: in all, and from any one address, so that one
     * host opening connections as fast as it can leaves room for the others.
     */
    public record Capacity(int total, int perAddress) {
        public Capacity {
            if (total < 1 || perAddress < 1 || perAddress > total) {
                throw new IllegalArgumentException("capacity needs 1 <= perAddress <= total, not " + perAddress + " and "
                        + total);
            }
        }
    }

    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 50;

    private final ServerSocket serverSocket;
    private final Transport transport;
    private final Capacity capacity;
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private static final Logger log = LoggerFactory.getLogger(ConnectionServer.class);

    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failedHandshakes = new AtomicLong();
    private final AtomicLong crashedHandlers = new AtomicLong();
    private final Handler handler;
    private final Consumer<IOException> failures;
    private final ExecutorService connections;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptThread;
    private volatile boolean closed;

    private ConnectionServer(String name, ServerSocket serverSocket, Transport transport, Capacity capacity,
            Handler handler, Consumer<IOException> failures) {
        this.serverSocket = serverSocket;
        this.transport = transport;
        this.capacity = capacity;
        this.handler = handler;
        this.failures = failures;
        this.connections = ConnectionThreads.perTask(name + "-conn-");
        this.acceptThread = ConnectionThreads.startDaemon(name + "-accept", this::acceptLoop);
    }

    /**
     * Binds and starts accepting.
     *
     * @param name names the server's threads
     * @param bindAddress the address to listen on, or null for every address
     * @param port the port, or 0 for a free one
     * @param maxConnections how many connections to serve at once; a connection past that is closed,
     *     told {@code busy} first if the transport is plaintext
     * @param failures told of each failure the server meets itself: an accept that failed (the server
     *     pauses briefly and goes on) or a socket that would not close
     */
    public static ConnectionServer start(String name, Transport transport, InetAddress bindAddress, int port,
            int maxConnections, Handler handler, Consumer<IOException> failures) throws IOException {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, not " + maxConnections);
        }
        return start(name, transport, bindAddress, port, new Capacity(maxConnections, maxConnections), handler,
                failures);
    }

    /**
     * Binds and starts accepting, as {@link #start(String, Transport, InetAddress, int, int, Handler,
     * Consumer)} does, with a limit per address too: a connection past either limit is refused the
     * same way.
     */
    public static ConnectionServer start(String name, Transport transport, InetAddress bindAddress, int port,
            Capacity capacity, Handler handler, Consumer<IOException> failures) throws IOException {
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(failures, "failures");
        ServerSocket serverSocket = transport.listen(bindAddress, port);
        return new ConnectionServer(name, serverSocket, transport, capacity, handler, failures);
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * The address and port the server listens on. Listening on every address shows as
     * {@code 0.0.0.0}, though IPv6 connections are accepted too where the system has IPv6.
     */
    public InetSocketAddress address() {
        InetAddress address = serverSocket.getInetAddress();
        if (address.isAnyLocalAddress()) {
            return new InetSocketAddress("0.0.0.0", serverSocket.getLocalPort());
        }
        return new InetSocketAddress(address, serverSocket.getLocalPort());
    }

    /** How many connections are being served now. */
    public int liveConnections() {
        return live.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = transport.accept(serverSocket);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                failures.accept(e);
                pauseAfterAcceptFailure();
                continue;
            }
            InetAddress from = socket.getInetAddress();
            if (live.size() >= capacity.total() || !admit(from)) {
                refuse(socket);
                continue;
            }
            live.add(socket);
            if (closed) {
                // close() may have gone through the live set before this socket joined it.
                forget(socket);
                close(socket);
                return;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                forget(socket);
                close(socket);
                failures.accept(new IOException("could not start serving a connection: " + e.getMessage(), e));
            }
        }
    }

    /**
     * Tells a connection past the limit that the server is busy, and closes it. The error is a
     * few dozen bytes, which a new connection's send buffer takes without blocking. Over TLS the
     * connection is only closed: telling it anything would take a handshake, the work a busy
     * server must not take on.
     */
    private void refuse(Socket socket) {
        refused.incrementAndGet();
        if (transport.secure()) {
            close(socket);
            return;
        }
        try {
            new FrameWriter(socket.getOutputStream()).send(new Message.ErrorReply(ErrorCode.BUSY,
                    "this server is serving as many connections as it allows (" + capacity.total() + " in all, "
                            + capacity.perAddress() + " from one address); try again later"));
        } catch (IOException e) {
            failures.accept(e);
        } finally {
            close(socket);
        }
    }

    /** How many connections ended because their handler threw, since the server started; each is logged. */
    public long crashedHandlers() {
        return crashedHandlers.get();
    }

    /** How many connections were turned away as {@code busy} since the server started. */
    public long refusedConnections() {
        return refused.get();
    }

    /**
     * How many connections failed their TLS handshake or overran its deadline since the server
     * started; they are logged at debug level only.
     */
    public long failedHandshakes() {
        return failedHandshakes.get();
    }

    private void serve(Socket socket) {
        try {
            Socket secured;
            try {
                secured = transport.handshake(socket);
            } catch (IOException e) {
                // Anyone can connect and fail a handshake: a stranger must not be able to flood the log.
                failedHandshakes.incrementAndGet();
                log.debug("no TLS handshake with {}:{}: {}", socket.getInetAddress().getHostAddress(), socket.getPort(),
                        Printable.escape(e));
                return;
            }
            try {
                handler.serve(secured);
            } catch (RuntimeException e) {
                // A handler that throws has a bug; the connection ends with it, the server goes on,
                // and the failure is logged here, once, rather than by whatever runs the thread.
                crashedHandlers.incrementAndGet();
                log.error("serving {}:{} failed", socket.getInetAddress().getHostAddress(), socket.getPort(), e);
            }
        } finally {
            forget(socket);
            close(socket);
        }
    }

    /** Counts a connection from {@code address}, unless that address is at its limit. */
    private boolean admit(InetAddress address) {
        boolean[] admitted = {false};
        perAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= capacity.perAddress()) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private void forget(Socket socket) {
        if (live.remove(socket)) {
            perAddress.computeIfPresent(socket.getInetAddress(), (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Stops accepting, closes every live connection and waits briefly for their threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        close(serverSocket);
        for (Socket socket : live) {
            close(socket);
        }
        connections.shutdown();
        try {
            acceptThread.join(CLOSE_WAIT_MILLIS);
            connections.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pauseAfterAcceptFailure() {
        // Without a pause, a persistent failure such as running out of file descriptors spins a core.
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            failures.accept(e);
        }
    }
}

package dev.p2pshare.protocol.transport;

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
import java.util.Objects;

/**
 * The one place sockets are created and accepted, so that every connection gets the same
 * options and timeouts (and, in one place, whatever security the transport adds).
 *
 * <p>Sockets are those of {@link SocketChannel}s, used through their streams, which keep to the
 * read timeout: {@link Socket#getChannel()} is there for sending a file's bytes straight from
 * the page cache ({@code sendfile}) and for reading large payloads without a copy. Reads through
 * the channel do not keep to the timeout. Interrupting a thread blocked on such a socket closes it.
 *
 * <p>Thread-safe; holds no resources.
 */
public final class Transport {

    /** How long a connection attempt may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long a read may block before the connection is given up. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private static final int BACKLOG = 1024;
    private static final int LINGER_MILLIS = 500;
    private static final int LINGER_BYTES = 64 * 1024;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /** A transport with the given timeouts; both must be positive. */
    public Transport(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeoutMillis = positiveMillis(connectTimeout, "connectTimeout");
        this.readTimeoutMillis = positiveMillis(readTimeout, "readTimeout");
    }

    /** A transport with the default timeouts. */
    public static Transport withDefaults() {
        return new Transport(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
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

    /** Waits for the next connection on {@code server} and returns it configured. */
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

    /** A configured connection to {@code address}. The caller closes it. */
    public Socket connect(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        Socket socket = SocketChannel.open().socket();
        try {
            configure(socket);
            socket.connect(address, connectTimeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
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

    private static int positiveMillis(Duration duration, String name) {
        long millis = duration.toMillis();
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
        return (int) millis;
    }
}

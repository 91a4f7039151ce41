package dev.p2pshare.protocol.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** Ending a connection: at once from any thread ({@link #abort}), or after an error reply ({@link #lingering}). */
public final class SocketClose {

    private static final int LINGER_MILLIS = 500;
    private static final int LINGER_BYTES = 64 * 1024;

    // The TCP socket under each TLS socket, for abort: closing a TLS socket from another thread
    // can wait for a read in progress on it. Weak keys: an entry goes with its TLS socket.
    private static final Map<Socket, Socket> UNDERLYING = Collections.synchronizedMap(new WeakHashMap<>());

    private SocketClose() {
    }

    /** Records that {@code secured} is laid over {@code underlying}, for {@link #abort}. */
    static void remember(Socket secured, Socket underlying) {
        UNDERLYING.put(secured, underlying);
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

    /**
     * Closes {@code socket} after an error reply, so that the other side can read that reply.
     * Closing a socket with unread input makes TCP reset the connection, which can destroy the
     * reply in flight; so this half-closes, reads and drops what the other side still sends (up
     * to {@value #LINGER_BYTES} bytes, for at most {@value #LINGER_MILLIS} ms), then closes.
     */
    public static void lingering(Socket socket) throws IOException {
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

    /** {@link #abort}s {@code socket}, which is being abandoned: a failed close changes nothing. */
    static void abortQuietly(Socket socket) {
        try {
            abort(socket);
        } catch (IOException e) {
            // The socket is being abandoned for overrunning its deadline; a failed close changes nothing.
            return;
        }
    }
}

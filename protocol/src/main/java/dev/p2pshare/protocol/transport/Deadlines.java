package dev.p2pshare.protocol.transport;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds on the total time of a blocking step on a socket, such as a handshake, which read
 * timeouts cannot give against a peer that sends a byte now and then. Thread-safe.
 */
public final class Deadlines {

    // One thread ends the steps that overrun, for every socket of the process.
    private static final ScheduledExecutorService TIMER = ConnectionThreads.timer("socket-deadlines");

    private Deadlines() {
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
    public static <T> T within(Socket socket, Duration limit, String what, Step<T> step) throws IOException {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> closing = TIMER.schedule(() -> {
            // Set before the close, so that the step the close ends sees that the deadline did it.
            fired.set(true);
            SocketClose.abortQuietly(socket);
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
}

package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.Printable;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one thread stop work that another thread is blocked in. The worker registers what it is
 * blocked on (a connection); {@link #cancel} sets the flag and closes it. Thread-safe.
 */
public final class Cancellation {

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

    private volatile boolean cancelled;
    private final AtomicReference<Closeable> blockedOn = new AtomicReference<>();

    /** Asks the work to stop, and closes what it is blocked on. */
    public void cancel() {
        cancelled = true;
        closeBlocker(blockedOn.get());
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers what the work is now blocked on; closed at once if already cancelled. */
    void blockedOn(Closeable resource) {
        blockedOn.set(resource);
        if (cancelled) {
            closeBlocker(resource);
        }
    }

    private static void closeBlocker(Closeable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (IOException e) {
            // The work still sees the flag between chunks; it only stops a little later.
            log.debug("closing {} on cancel failed: {}", resource, Printable.escape(e));
        }
    }
}

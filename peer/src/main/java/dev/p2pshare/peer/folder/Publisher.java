package dev.p2pshare.peer.folder;

import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a file that has just arrived in the folder shared: serves it, remembers its hashes, and
 * announces it to the tracker, waiting briefly so that others can find it as soon as this returns.
 */
public final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    private final SharedFiles files;
    private final HashCache cache;
    private final Announcer announcer;
    private final Duration announceTimeout;

    /** Tells the tracker of newly shared files; the future completes when it has taken them. */
    @FunctionalInterface
    public interface Announcer {
        CompletableFuture<Void> announce(List<FileEntry> added);
    }

    public Publisher(SharedFiles files, HashCache cache, Announcer announcer, Duration announceTimeout) {
        this.files = files;
        this.cache = cache;
        this.announcer = announcer;
        this.announceTimeout = announceTimeout;
    }

    /**
     * Shares {@code file}. Its hashes are cached and it is announced; if the tracker cannot be
     * told now, the file is still shared and is announced at the next registration.
     */
    public void publish(SharedFile file) {
        if (!files.add(file)) {
            return;
        }
        cache.put(file.relativePath(), file.stamp(), file.manifest());
        try {
            cache.save();
        } catch (IOException e) {
            log.warn("could not save the hash cache ({}); {} will be hashed again at the next start",
                    FailureReason.of(e), Printable.escape(file.relativePath()));
        }
        try {
            announcer.announce(List.of(file.entry())).get(announceTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} is shared, but the tracker does not know yet ({}); it will be told when it is back",
                    file.name(), FailureReason.of(e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

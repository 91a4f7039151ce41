package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which peers a tracker serves: everyone, or only the node ids listed in a file, one per line
 * ({@code tracker.jar --allow FILE}). Blank lines and lines starting with {@code #} are skipped,
 * and text after an id on its line is a comment, such as the peer's name.
 *
 * <p>The file is read again whenever it changes (its size or modification time). Whether it
 * changed is looked at most once every {@link #CHECK_EVERY}, by the first request after that: the
 * requests in between ask nothing of the file system. A file that cannot be read or parsed then
 * leaves the previous list in force, with a warning, so that a half-saved edit never opens a
 * private network. Thread-safe.
 */
public final class AllowList {

    /** How often, at most, the file is looked at for a change. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(AllowList.class);

    private final Optional<Path> file;
    private final LongSupplier nanoTime;
    private volatile Set<NodeId> allowed;
    /** When the file was last looked at, on {@link #nanoTime}. */
    private volatile long checkedAtNanos;
    private Stamp stamp;

    private record Stamp(long size, long modifiedNanos) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    private AllowList(Optional<Path> file, Set<NodeId> allowed, Stamp stamp, LongSupplier nanoTime) {
        this.file = file;
        this.allowed = allowed;
        this.stamp = stamp;
        this.nanoTime = nanoTime;
        this.checkedAtNanos = nanoTime.getAsLong();
    }

    /** No list: every peer may register and ask. */
    public static AllowList everyone() {
        return new AllowList(Optional.empty(), Set.of(), null, System::nanoTime);
    }

    /**
     * The peers listed in {@code file}.
     *
     * @throws IOException if the file cannot be read or a line does not start with a node id,
     *     saying which line
     */
    public static AllowList fromFile(Path file) throws IOException {
        return fromFile(file, System::nanoTime);
    }

    /**
     * The peers listed in {@code file}, looked at for changes as {@code nanoTime}, a monotonic clock in
     * nanoseconds, allows.
     *
     * @throws IOException if the file cannot be read or a line does not start with a node id,
     *     saying which line
     */
    static AllowList fromFile(Path file, LongSupplier nanoTime) throws IOException {
        Stamp stamp;
        try {
            stamp = Stamp.of(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist; create it with one peer id per line", e);
        }
        return new AllowList(Optional.of(file), parse(file), stamp, nanoTime);
    }

    /** Whether a list is in force, rather than everyone being allowed. */
    public boolean restricted() {
        return file.isPresent();
    }

    /** How many peers the list allows now; 0 when everyone is allowed. */
    public int size() {
        return allowed.size();
    }

    /**
     * Whether the peer {@code id} may register and be served, after reading the file again if it
     * changed and was not looked at for {@link #CHECK_EVERY}.
     */
    public boolean allows(NodeId id) {
        if (file.isEmpty()) {
            return true;
        }
        return current().contains(id);
    }

    private Set<NodeId> current() {
        if (nanoTime.getAsLong() - checkedAtNanos < CHECK_EVERY.toNanos()) {
            return allowed;
        }
        return reloadIfChanged();
    }

    private synchronized Set<NodeId> reloadIfChanged() {
        long now = nanoTime.getAsLong();
        if (now - checkedAtNanos < CHECK_EVERY.toNanos()) {
            // Another request looked while this one waited for the lock.
            return allowed;
        }
        checkedAtNanos = now;
        Path path = file.orElseThrow();
        try {
            Stamp seen = Stamp.of(path);
            if (!seen.equals(stamp)) {
                Set<NodeId> reloaded = parse(path);
                stamp = seen;
                allowed = reloaded;
                log.info("allow list {} changed: {} {} allowed", Printable.escape(path), reloaded.size(),
                        reloaded.size() == 1 ? "peer" : "peers");
            }
        } catch (IOException e) {
            log.warn("cannot read the allow list again ({}); the previous list of {} peers stays in force",
                    FailureReason.of(e), allowed.size());
        }
        return allowed;
    }

    private static Set<NodeId> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Set<NodeId> ids = new HashSet<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String first = line.split("\\s+", 2)[0];
            try {
                ids.add(NodeId.parse(first));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (n + 1) + " does not start with a peer id (" + e.getMessage()
                        + "); a peer prints its id at start, as 'peer id ...'", e);
            }
        }
        return Set.copyOf(ids);
    }

    @Override
    public String toString() {
        return file.map(path -> "allow list " + path).orElse("everyone allowed");
    }
}

package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.folder.Publisher;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.PartialHolding;
import dev.p2pshare.peer.net.RateLimit;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This peer's downloads: each file's {@link DownloadJob}, at most one per file at a time, the
 * unfinished ones found on disk at start and resumed, and what they all share (threads, bans,
 * the way to the tracker). Thread-safe.
 */
public final class Downloads implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Downloads.class);
    /** How long closing waits for downloads to record what they have: each stops its sources at once. */
    private static final long CLOSE_WAIT_MILLIS = 500;

    /**
     * How downloads behave. A download that gets nothing ends within the two together.
     *
     * @param sourceWait how long a download with no source that may deliver keeps looking before it
     *     gives up
     * @param stallLimit how long a source may deliver nothing before it is dropped; at least a second
     */
    public record Settings(Duration sourceWait, Duration stallLimit) {
        /** Wait a minute for sources; drop a source that delivers nothing for 30 s. */
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(60), Duration.ofSeconds(30));

        public Settings {
            Objects.requireNonNull(sourceWait, "sourceWait");
            Objects.requireNonNull(stallLimit, "stallLimit");
            if (sourceWait.isNegative() || stallLimit.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("the source wait cannot be negative, nor the stall limit under 1 s");
            }
        }
    }

    private final StateDirectory state;
    private final SharedFiles shared;
    private final Bans bans = new Bans();
    private final DownloadContext context;
    private final ExecutorService jobThreads = ConnectionThreads.perTask("download-");
    private final ExecutorService workerThreads = ConnectionThreads.perTask("source-");
    private final ScheduledExecutorService timer = ConnectionThreads.timer("download-timer");
    private final ScheduledExecutorService stallTimer = ConnectionThreads.timer("download-watchdog");
    private final Map<FileId, DownloadJob> active = new ConcurrentHashMap<>();
    private final List<DownloadJob> all = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param announcer tells the tracker which chunks of a file this peer has
     * @param self this peer's id, while registered, so that it is never its own source
     * @param limit the rate all downloads together take chunks in at, shared by their sources
     */
    public Downloads(Transport transport, StateDirectory state, SharedFiles shared, PartialFiles partials,
            Publisher publisher, SourceFinder finder, Consumer<PartialHolding> announcer,
            Supplier<Optional<NodeId>> self, Settings settings, RateLimit limit) {
        this(transport, state, shared, partials, publisher, finder, announcer, self, settings, limit,
                DownloadClock.SYSTEM);
    }

    /** As the public constructor, with waits measured on {@code clock}. */
    Downloads(Transport transport, StateDirectory state, SharedFiles shared, PartialFiles partials,
            Publisher publisher, SourceFinder finder, Consumer<PartialHolding> announcer,
            Supplier<Optional<NodeId>> self, Settings settings, RateLimit limit, DownloadClock clock) {
        this.state = state;
        this.shared = shared;
        this.context = new DownloadContext(transport, state, partials, finder, self, bans, settings, limit,
                workerThreads, timer, stallTimer, part -> announcer.accept(PartialFiles.holding(part)),
                publisher::publish, clock);
    }

    /**
     * The download of file {@code id}, saved as {@code name}: the one running, or a new one
     * (resumed from what an earlier one left on disk, if anything).
     */
    public synchronized DownloadJob start(FileId id, String name) throws IOException {
        if (closed) {
            throw new IllegalStateException("the peer is shutting down");
        }
        DownloadJob running = active.get(id);
        if (running != null) {
            return running;
        }
        Optional<PartFile> resumed = PartFile.resume(state, id);
        return launch(new DownloadJob(context, this::ended, id, name, resumed));
    }

    /** Resumes every download left unfinished on disk, in the background. */
    public synchronized void resumeUnfinished() throws IOException {
        for (FileId id : PartFile.unfinished(state)) {
            if (active.containsKey(id)) {
                continue;
            }
            Optional<PartFile> resumed = PartFile.resume(state, id);
            if (resumed.isEmpty()) {
                continue;
            }
            PartFile part = resumed.get();
            if (shared.get(id).isPresent()) {
                // The file was placed, and the peer stopped before it could clean up.
                part.discard();
                continue;
            }
            log.info("resuming the download of {}: {} of {} chunks are here", part, part.chunksHave(),
                    part.manifest().chunkCount());
            launch(new DownloadJob(context, this::ended, id, part.name(), resumed));
        }
    }

    private DownloadJob launch(DownloadJob job) {
        active.put(job.id(), job);
        // A download resumed is the same download: the paused or failed attempt is not listed beside it.
        all.removeIf(earlier -> earlier.id().equals(job.id()));
        all.add(job);
        jobThreads.execute(job::run);
        return job;
    }

    /** Every download of this session, and those resumed, oldest first; each file once, at its latest attempt. */
    public List<DownloadSnapshot> snapshots() {
        return all.stream().map(DownloadJob::snapshot).toList();
    }

    /** The peers banned for sending bad chunks. */
    public Bans bans() {
        return bans;
    }

    /** Pauses every download, recording what each has, and stops. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        active.values().forEach(DownloadJob::pause);
        jobThreads.shutdown();
        try {
            if (!jobThreads.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("downloads did not stop within {} ms", CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workerThreads.shutdownNow();
        timer.shutdownNow();
        stallTimer.shutdownNow();
    }

    private void ended(DownloadJob job) {
        active.remove(job.id(), job);
    }
}

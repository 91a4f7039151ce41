package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.SourceEntry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources one download fetches from at once, each on its own connection and thread (a
 * {@link SourceWorker}), sharing one {@link ChunkPicker} and one {@link PartFile}.
 *
 * <p>Sources can be added at any time; each is connected once at a time. A source that fails is
 * dropped, and added again later only as the download's {@link SourceHistory} allows: after a
 * pause if it failed in passing, once it has something new if it delivered nothing useful. One
 * that sends {@value Bans#STRIKES} bad chunks is banned and never added again. A failure to write
 * to this peer's disk stops every source ({@link #localFailure}). Thread-safe.
 */
final class Swarm implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Swarm.class);
    /** How long sources just added are given to connect and say what they have. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration SETTLE_POLL = Duration.ofMillis(100);
    private static final Duration CHANGE_POLL = Duration.ofMillis(200);

    private final PartFile part;
    private final ChunkPicker picker;
    private final SourceSettings settings;
    private final Bans bans;
    private final SourceHistory history;
    private final ExecutorService threads;
    private final LongConsumer progressed;
    private final Map<NodeId, SourceWorker> workers = new ConcurrentHashMap<>();
    private final Map<NodeId, Integer> strikes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> contributions = new LinkedHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong wasted = new AtomicLong();
    private volatile boolean stopped;
    private volatile LocalWriteException localFailure;

    /**
     * @param settings how sources are reached and how long each is given
     * @param progressed told, after each new chunk, how many bytes of the file are now here
     */
    Swarm(PartFile part, SourceSettings settings, Bans bans, SourceHistory history, ExecutorService threads,
            LongConsumer progressed) {
        this.part = part;
        this.picker = new ChunkPicker(part.manifest().chunkCount(), part.have());
        this.settings = settings;
        this.bans = bans;
        this.history = history;
        this.threads = threads;
        this.progressed = progressed;
    }

    /**
     * Starts fetching from each of {@code sources} that is not {@code self}, banned, already in
     * use, or not worth trying again yet.
     */
    void add(List<SourceEntry> sources, Optional<NodeId> self) {
        for (SourceEntry source : sources) {
            NodeId id = source.peer().id();
            if (stopped || self.filter(id::equals).isPresent() || bans.isBanned(id) || workers.containsKey(id)
                    || !history.worthTrying(source)) {
                continue;
            }
            SourceWorker worker = new SourceWorker(this, source, picker, part, settings);
            if (workers.putIfAbsent(id, worker) == null) {
                threads.execute(worker);
            }
        }
    }

    /** How many sources are being fetched from now. */
    int activeSources() {
        return workers.size();
    }

    /**
     * How many sources have chunks still missing, as far as they have said. A source that is
     * connected but has nothing wanted (a peer downloading the same file, behind this one) does
     * not count, though it stays connected in case it gets something.
     */
    int usefulSources() {
        return picker.usefulSources();
    }

    /** How many sources have connected and said which chunks they have. */
    int connectedSources() {
        return picker.knownSources();
    }

    /** Whether every chunk is here. */
    boolean complete() {
        return picker.missingCount() == 0;
    }

    /**
     * Lets the sources work for up to {@code duration} on the settings' clock, or until the file is
     * complete, no source may deliver, or {@code stop} says so; meanwhile, adds again each of
     * {@code sources} as soon as it is worth trying, rather than at the next listing.
     */
    void runFor(Duration duration, List<SourceEntry> sources, Optional<NodeId> self, BooleanSupplier stop)
            throws InterruptedException {
        long until = settings.clock().nanoTime() + duration.toNanos();
        while (!complete() && hasUsefulSource() && !stop.getAsBoolean() && settings.clock().nanoTime() - until < 0) {
            picker.awaitChange(CHANGE_POLL);
            // A source still answering the manifest race when the swarm began joins when it is done.
            add(sources, self);
        }
    }

    /**
     * Whether a source may yet deliver something: one that has a missing chunk, or one just added that
     * has not said yet what it has, given up to {@link #SETTLE} to say it.
     */
    boolean hasUsefulSource() throws InterruptedException {
        long settleUntil = settings.clock().nanoTime() + SETTLE.toNanos();
        while (usefulSources() == 0 && activeSources() > connectedSources()
                && settings.clock().nanoTime() - settleUntil < 0) {
            picker.awaitChange(SETTLE_POLL);
        }
        return usefulSources() > 0;
    }

    /** Bytes fetched and verified by this swarm, not counting duplicates. */
    long fetchedBytes() {
        return fetched.get();
    }

    /** Bytes fetched twice in the end game, or rejected as bad. */
    long wastedBytes() {
        return wasted.get();
    }

    /** The sources that delivered chunks, with how many bytes each, in the order they first did. */
    Map<String, Long> contributions() {
        synchronized (contributions) {
            Map<String, Long> copy = new LinkedHashMap<>();
            contributions.forEach((name, bytes) -> copy.put(name, bytes.get()));
            return copy;
        }
    }

    /** Why sources were dropped, most recent last. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops every source and waits for none; chunks in flight are dropped. */
    @Override
    public void close() {
        stopped = true;
        workers.values().forEach(SourceWorker::stop);
    }

    /** Why writing to this peer's disk failed, if it did: then every source has been stopped. */
    Optional<LocalWriteException> localFailure() {
        return Optional.ofNullable(localFailure);
    }

    /** Writing to this peer's disk failed: stops every source, since none can help. */
    void failLocally(LocalWriteException failure) {
        if (localFailure == null) {
            localFailure = failure;
        }
        close();
    }

    boolean stopped() {
        return stopped;
    }

    /** {@code source} delivered a new verified chunk of {@code length} bytes, now written. */
    void delivered(PeerEntry source, int length) {
        fetched.addAndGet(length);
        synchronized (contributions) {
            contributions.computeIfAbsent(source.name(), name -> new AtomicLong()).addAndGet(length);
        }
        progressed.accept(part.bytesHave());
    }

    /** {@code length} bytes arrived that were not needed after all. */
    void wasted(int length) {
        wasted.addAndGet(length);
    }

    /**
     * Counts a chunk from {@code source} that failed verification; true if that bans it.
     */
    boolean strike(PeerEntry source, int index) {
        wasted.addAndGet(part.manifest().chunkLength(index));
        int count = strikes.merge(source.id(), 1, Integer::sum);
        log.warn("chunk {} of {} from {} ({}) failed verification ({} of {} strikes)", index, part, source.name(),
                source.id().shortHex(), count, Bans.STRIKES);
        if (count >= Bans.STRIKES) {
            bans.ban(source.id(), source.name(), count + " chunks of " + part + " failed verification");
            return true;
        }
        return false;
    }

    /** Bans {@code source} from this peer's downloads for {@code reason}. */
    void ban(PeerEntry source, String reason) {
        bans.ban(source.id(), source.name(), reason);
    }

    /**
     * {@code worker}'s source is done with: because of {@code reason} if it failed, with
     * {@code outcome} for the history if it should weigh on trying it again.
     */
    void ended(SourceWorker worker, SourceEntry listed, Optional<String> reason, Optional<SourceHistory.Outcome> outcome,
            boolean deliveredSome) {
        PeerEntry source = listed.peer();
        outcome.ifPresent(how -> history.ended(listed, how, deliveredSome));
        workers.remove(source.id(), worker);
        reason.ifPresent(why -> {
            failures.add(source.name() + " (" + source.host() + ":" + source.port() + "): " + why);
            if (!stopped) {
                log.warn("dropping source {} ({}:{}) for {}: {}", source.name(), source.host(), source.port(), part,
                        Printable.escape(why));
            }
        });
    }

    /** Closes {@code closeable}; a failure to close only slows the ending down, so it is logged, not thrown. */
    static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", closeable, Printable.escape(e));
        }
    }
}

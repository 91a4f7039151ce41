package dev.p2pshare.peer;

import dev.p2pshare.peer.folder.FolderLock;
import dev.p2pshare.peer.folder.FolderScanner;
import dev.p2pshare.peer.folder.FolderWatcher;
import dev.p2pshare.peer.folder.HashCache;
import dev.p2pshare.peer.folder.Publisher;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.ChunkServer;
import dev.p2pshare.peer.net.PeerAdmission;
import dev.p2pshare.peer.net.RateLimit;
import dev.p2pshare.peer.net.ServedFile;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.peer.net.TrackersUnreachableException;
import dev.p2pshare.peer.net.UntrustedTrackerException;
import dev.p2pshare.peer.transfer.Downloads;
import dev.p2pshare.peer.transfer.PartialFiles;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running peer, wired: the shared folder, the server that serves it, the link to the tracker
 * and the downloads, started together by {@link #start} and stopped together by {@link #close}.
 * What a person can ask of it is in its services: {@link #sharing()}, {@link #messaging()},
 * {@link #fetching()}, {@link #diagnostics()} and {@link #rateLimits()}. The shell and the web
 * page are front ends to those; anything else that drives a peer uses the same ones.
 */
public final class Peer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private final PeerConfig config;
    private final NodeIdentity identity;
    private final StateDirectory state;
    private final FolderLock lock;
    private final SharedFiles files;
    private final FolderScanner.Result initialScan;
    private final ChunkServer server;
    private final TrackerLink link;
    private final FolderWatcher watcher;
    private final Downloads downloads;
    private final Fetching fetching;
    private final Sharing sharing;
    private final Messaging messaging;
    private final Diagnostics diagnostics;
    private final RateLimits rateLimits;
    private final Optional<HostedTracker> hostedTracker;
    private final TrackerTrust trust;
    private final AtomicBoolean trackerStopped = new AtomicBoolean();

    private Peer(PeerConfig config, NodeIdentity identity, StateDirectory state, FolderLock lock, SharedFiles files,
            FolderScanner.Result initialScan,
            ChunkServer server, TrackerLink link, Publisher publisher, Downloads downloads, FolderWatcher watcher,
            Transport transport, PeerNotices notices, RateLimits rateLimits, Optional<HostedTracker> hostedTracker,
            TrackerTrust trust) {
        this.hostedTracker = hostedTracker;
        this.trust = trust;
        this.fetching = new Fetching(link, files, downloads);
        this.config = config;
        this.identity = identity;
        this.state = state;
        this.lock = lock;
        this.files = files;
        this.initialScan = initialScan;
        this.server = server;
        this.link = link;
        this.watcher = watcher;
        this.downloads = downloads;
        this.rateLimits = rateLimits;
        this.sharing = new Sharing(state, files, publisher);
        this.messaging = new Messaging(link, notices, sharing);
        this.diagnostics = new Diagnostics(transport, messaging, () -> new PeerStatus(config.name(), server.endpoint(),
                state.folder(), files.count(), files.totalBytes(), link.status(), server.stats(), downloads.snapshots(),
                downloads.bans().list()));
    }

    /**
     * Indexes the folder, starts serving it, registers with the tracker, and resumes the
     * downloads an earlier run left unfinished.
     *
     * @param hashedBytes told of every chunk hashed while indexing, for progress
     * @throws PeerStartException if the port is taken, or the tracker cannot be reached or refuses
     * @throws PeerException if another process holds the folder, or the tracker is not the one trusted
     */
    public static Peer start(PeerConfig config, LongConsumer hashedBytes) throws IOException, PeerException {
        return start(config, hashedBytes, TrackerDecision.AS_CONFIGURED);
    }

    /**
     * As {@link #start(PeerConfig, LongConsumer)}, but registering with the trackers {@code decision}
     * names, or hosting the one it names: it decides while the folder is indexed.
     *
     * @throws PeerException also if {@code decision} abandons the start
     */
    public static Peer start(PeerConfig config, LongConsumer hashedBytes, TrackerDecision decision)
            throws IOException, PeerException {
        StateDirectory state = StateDirectory.of(config.folder());
        FolderLock lock;
        try {
            lock = FolderLock.acquire(state);
        } catch (FolderLock.FolderInUseException e) {
            throw new PeerException(e.getMessage(), e);
        }
        try {
            state.deleteLeftovers();
            return indexThenStart(config, state, lock, hashedBytes, decision);
        } catch (IOException | PeerException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static HostedTracker hostTracker(StateDirectory state, int port) throws IOException, PeerException {
        try {
            return HostedTracker.start(state, port);
        } catch (BindException e) {
            throw new PeerStartException.HostedTrackerPortTaken(port, FailureReason.of(e), e);
        }
    }

    private static Peer indexThenStart(PeerConfig given, StateDirectory state, FolderLock lock,
            LongConsumer hashedBytes, TrackerDecision decision) throws IOException, PeerException {
        HostedTracker hosted = null;
        try {
            if (decision == TrackerDecision.AS_CONFIGURED && given.hostedTracker().isPresent()) {
                // A tracker hosted as configured starts first: a taken port is said at once, and
                // other peers can register with it while this one indexes.
                hosted = hostTracker(state, given.hostedTracker().getAsInt());
            }
            CompletableFuture<PeerConfig> decided = decideBeside(decision, given);
            HashCache cache = HashCache.load(state.hashCache());
            FolderScanner scanner = new FolderScanner(state, cache);
            // A decision that ends the start ends the indexing too: what is hashed by then is kept.
            FolderScanner.Result scan = scanner.scan(hashedBytes, decided::isCompletedExceptionally);
            NodeIdentity identity = NodeIdentity.loadOrCreate(state.root(), given.name());
            PeerConfig config = awaitDecision(decided);
            if (hosted == null && config.hostedTracker().isPresent()) {
                hosted = hostTracker(state, config.hostedTracker().getAsInt());
            }
            return serveAndRegister(config, state, lock, cache, scanner, scan, identity, Optional.ofNullable(hosted));
        } catch (IOException | PeerException | RuntimeException e) {
            if (hosted != null) {
                hosted.close();
            }
            throw e;
        }
    }

    /** {@code decision} applied to {@code given}: at once if it is as configured, else on a thread of its own. */
    private static CompletableFuture<PeerConfig> decideBeside(TrackerDecision decision, PeerConfig given) {
        if (decision == TrackerDecision.AS_CONFIGURED) {
            return CompletableFuture.completedFuture(given);
        }
        CompletableFuture<PeerConfig> decided = new CompletableFuture<>();
        ConnectionThreads.startDaemon("tracker-decision", () -> {
            try {
                decided.complete(decision.decide(given));
            } catch (PeerException | RuntimeException e) {
                decided.completeExceptionally(e);
            }
        });
        return decided;
    }

    /** The configuration {@code decided} gives, or what it failed with. */
    private static PeerConfig awaitDecision(CompletableFuture<PeerConfig> decided) throws PeerException {
        try {
            return decided.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while deciding which tracker to register with", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PeerException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("the tracker decision failed", e.getCause());
        }
    }

    private static Peer serveAndRegister(PeerConfig config, StateDirectory state, FolderLock lock, HashCache cache,
            FolderScanner scanner, FolderScanner.Result scan, NodeIdentity identity, Optional<HostedTracker> hosted)
            throws IOException, PeerException {
        SharedFiles files = new SharedFiles();
        files.addAll(scan.files());
        PartialFiles partials = new PartialFiles();
        TrackerTrust trust = TrackerTrust.load(state.root(), config.trackers());
        List<Endpoint> trackers = config.trackerEndpoints();
        if (hosted.isPresent()) {
            TrackerAddress own = hosted.get().address();
            trust.pinForThisRun(own.endpoint(), own.id().orElseThrow());
            trackers = List.of(own.endpoint());
        }
        Transport transport = Transport.tls(new TlsLayer(identity));
        PeerAdmission admission = new PeerAdmission(System::nanoTime);
        RateLimit uploadLimit = RateLimit.of(config.uploadLimit());
        RateLimit downloadLimit = RateLimit.of(config.downloadLimit());
        ChunkServer server;
        try {
            server = ChunkServer.start(transport, null, config.port(), admission::admits, id -> files.get(id)
                    .map(file -> ServedFile.whole(file.manifest(), file.path(), file::unchangedOnDisk))
                    .or(() -> partials.served(id)), uploadLimit);
        } catch (BindException e) {
            throw new PeerStartException.PortTaken(config.port(), FailureReason.of(e), e);
        }
        PeerNotices notices = new PeerNotices();
        TrackerLink link = new TrackerLink(transport, trust, new TrackerLink.Settings(trackers,
                identity.id(), config.name(), server.port(), config.heartbeat(), PeerConfig.TRACKER_TIMEOUT,
                config.presenceNotices()), files, partials::holdings, notices, admission);
        try {
            link.start();
        } catch (TrackersUnreachableException e) {
            server.close();
            throw new PeerStartException.TrackersUnreachable(e);
        } catch (UntrustedTrackerException e) {
            server.close();
            throw new PeerStartException.TrackerUntrusted(e);
        } catch (ErrorReplyException e) {
            server.close();
            throw new PeerStartException.TrackerRefused(link.status().tracker(), e.getMessage()
                    + (e.code() == ErrorCode.NOT_ALLOWED && !e.getMessage().contains(identity.id().grouped())
                            ? " (this peer's id: " + identity.id().grouped() + ")" : ""), e);
        } catch (IOException e) {
            server.close();
            throw new PeerStartException.TrackerUnreachable(link.status().tracker(), FailureReason.of(e), e);
        }
        try {
            // Who is online already, for completion; later arrivals come as notices.
            notices.online(link.peers().peers());
        } catch (IOException e) {
            log.debug("could not list the peers online: {}", Printable.escape(e));
        }
        Publisher publisher = new Publisher(files, cache, added -> link.announce(added, List.of()),
                PeerConfig.TRACKER_TIMEOUT);
        Downloads downloads = new Downloads(transport, state, files, partials, publisher,
                id -> link.locate(id.hex()), link::announcePartial, link::peerId,
                new Downloads.Settings(config.sourceWait(), config.stallLimit()), downloadLimit);
        FolderWatcher watcher;
        try {
            watcher = FolderWatcher.start(scanner, files, link::announce, scan.files(), scan.folders());
        } catch (IOException e) {
            downloads.close();
            link.close();
            server.close();
            throw e;
        }
        Peer peer = new Peer(config, identity, state, lock, files, scan, server, link, publisher, downloads, watcher,
                transport, notices, new RateLimits(uploadLimit, downloadLimit), hosted, trust);
        downloads.resumeUnfinished();
        return peer;
    }

    public PeerConfig config() {
        return config;
    }

    /** The id this peer proves on every connection, which the tracker lists it under. */
    public NodeId id() {
        return identity.id();
    }

    /** What indexing the folder found at start. */
    public FolderScanner.Result initialScan() {
        return initialScan;
    }

    /** Where this peer serves chunks. */
    public Endpoint serving() {
        return server.endpoint();
    }

    /** What this peer shares, and sharing or no longer sharing a file. */
    public Sharing sharing() {
        return sharing;
    }

    /** Who is online, and texts, broadcasts, offers and notices through the tracker. */
    public Messaging messaging() {
        return messaging;
    }

    /** This peer's state, and pings to others. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Finding files on the network and downloading them, in the foreground or the background. */
    public Fetching fetching() {
        return fetching;
    }

    /** How fast this peer uploads and downloads, changeable while it runs. */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /** This peer's state folder inside its shared folder. */
    public StateDirectory state() {
        return state;
    }

    /**
     * Registers with {@code tracker} alone from now on, in the background, leaving the tracker used
     * now; a pinned id is trusted at that address from now on, as {@code --tracker HOST:PORT#ID} does.
     *
     * @throws IOException if the pinned id cannot be written down
     */
    public void moveTo(TrackerAddress tracker) throws IOException {
        if (tracker.id().isPresent()) {
            trust.remember(tracker.endpoint(), tracker.id().get());
        }
        link.moveTo(tracker.endpoint());
    }

    /** The tracker this peer runs in its process, if it hosts one. */
    public Optional<HostedTracker> hostedTracker() {
        return hostedTracker;
    }

    /**
     * Pauses the downloads (in the background too), unregisters from the tracker, stops serving,
     * and stops the tracker this peer hosts, if any, logging how many other peers were using it.
     */
    @Override
    public void close() {
        fetching.background().close();
        watcher.close();
        downloads.close();
        link.close();
        server.close();
        hostedTracker.filter(hosted -> trackerStopped.compareAndSet(false, true)).ifPresent(hosted -> {
            int others = hosted.othersOnline(identity.id());
            hosted.close();
            log.info("stopped the tracker this peer hosted; {} other {} using it", others,
                    others == 1 ? "peer was" : "peers were");
        });
        try {
            lock.close();
        } catch (IOException e) {
            // The process is about to let go of the folder anyway: its lock ends with it.
            log.debug("could not release the lock on {}: {}", Printable.escape(state.folder()), Printable.escape(e));
        }
    }
}

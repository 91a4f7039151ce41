package dev.p2pshare.peer;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.folder.FolderScanner;
import dev.p2pshare.peer.folder.FolderWatcher;
import dev.p2pshare.peer.folder.HashCache;
import dev.p2pshare.peer.folder.Placement;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.ChunkServer;
import dev.p2pshare.peer.net.ErrorReplyException;
import dev.p2pshare.peer.net.ServedFile;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.peer.net.UntrustedTrackerException;
import dev.p2pshare.peer.net.UploadLimit;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadJob;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.peer.transfer.Downloads;
import dev.p2pshare.peer.transfer.PartialFiles;
import dev.p2pshare.peer.transfer.TargetResolver;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A running peer: the shared folder, the server that serves it, the link to the tracker, the
 * downloads, and the operations a person can ask for. The shell is one front end to these
 * operations; anything else that drives a peer uses the same ones.
 */
public final class Peer implements Closeable {

    /**
     * How many hits a search shows: more than a person reads. (Finding a file by its exact name
     * asks for the protocol's maximum instead, so that a common name is not missed.)
     */
    public static final int SEARCH_LIMIT = 100;

    private final PeerConfig config;
    private final NodeIdentity identity;
    private final StateDirectory state;
    private final SharedFiles files;
    private final FolderScanner.Result initialScan;
    private final ChunkServer server;
    private final TrackerLink link;
    private final Publisher publisher;
    private final FolderWatcher watcher;
    private final Downloads downloads;
    private final TargetResolver resolver;

    private Peer(PeerConfig config, NodeIdentity identity, StateDirectory state, SharedFiles files, FolderScanner.Result initialScan,
            ChunkServer server, TrackerLink link, Publisher publisher, Downloads downloads, FolderWatcher watcher) {
        this.config = config;
        this.identity = identity;
        this.state = state;
        this.files = files;
        this.initialScan = initialScan;
        this.server = server;
        this.link = link;
        this.publisher = publisher;
        this.watcher = watcher;
        this.downloads = downloads;
        this.resolver = new TargetResolver(link);
    }

    /**
     * Indexes the folder, starts serving it, registers with the tracker, and resumes the
     * downloads an earlier run left unfinished.
     *
     * @param hashedBytes told of every chunk hashed while indexing, for progress
     * @throws PeerException if the port is taken or the tracker cannot be reached
     */
    public static Peer start(PeerConfig config, LongConsumer hashedBytes) throws IOException, PeerException {
        StateDirectory state = StateDirectory.of(config.folder());
        HashCache cache = HashCache.load(state.hashCache());
        FolderScanner scanner = new FolderScanner(state, cache);
        FolderScanner.Result scan = scanner.scan(hashedBytes);
        SharedFiles files = new SharedFiles();
        files.addAll(scan.files());
        PartialFiles partials = new PartialFiles();
        NodeIdentity identity = NodeIdentity.loadOrCreate(state.root(), config.name());
        TrackerTrust trust = TrackerTrust.load(state.root(), config.tracker(), config.trackerId());
        Transport transport = Transport.tls(new TlsLayer(identity));
        ChunkServer server;
        try {
            server = ChunkServer.start(transport, null, config.port(), id -> files.get(id)
                    .map(file -> ServedFile.whole(file.manifest(), file.path()))
                    .or(() -> partials.served(id)), UploadLimit.of(config.uploadLimit()));
        } catch (BindException e) {
            throw new PeerException("cannot serve on port " + config.port() + ": " + e.getMessage()
                    + "; choose another with --port, or 0 for any free port", e);
        }
        TrackerLink link = new TrackerLink(transport, trust, new TrackerLink.Settings(config.tracker(), config.name(),
                server.port(), config.heartbeat(), PeerConfig.TRACKER_TIMEOUT), files, partials::holdings);
        try {
            link.start();
        } catch (UntrustedTrackerException e) {
            server.close();
            throw new PeerException(e.getMessage(), e);
        } catch (ErrorReplyException e) {
            server.close();
            throw new PeerException("the tracker at " + config.tracker() + " refused this peer: " + e.getMessage()
                    + (e.code() == ErrorCode.NOT_ALLOWED && !e.getMessage().contains(identity.id().grouped())
                            ? " (this peer's id: " + identity.id().grouped() + ")" : ""), e);
        } catch (IOException e) {
            server.close();
            throw new PeerException("cannot register with the tracker at " + config.tracker() + ": " + e.getMessage()
                    + ". Is it running? Start one with 'java -jar tracker.jar', or give its address with --tracker HOST:PORT.",
                    e);
        }
        Publisher publisher = new Publisher(files, cache, added -> link.announce(added, List.of()),
                PeerConfig.TRACKER_TIMEOUT);
        Downloads downloads = new Downloads(transport, state, files, partials, publisher,
                id -> link.locate(id.hex()), link::announcePartial, link::peerId,
                new Downloads.Settings(config.sourceWait(), Downloads.Settings.DEFAULTS.stallLimit()));
        FolderWatcher watcher;
        try {
            watcher = FolderWatcher.start(scanner, files, link::announce, scan.files(), scan.folders());
        } catch (IOException e) {
            downloads.close();
            link.close();
            server.close();
            throw e;
        }
        Peer peer = new Peer(config, identity, state, files, scan, server, link, publisher, downloads, watcher);
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

    /** The files this peer shares whole, by name. */
    public List<SharedFile> files() {
        return files.list();
    }

    /** The online peers, as the tracker lists them. */
    public Message.PeerList peers() throws IOException {
        return link.peers();
    }

    /** Files on the network whose names contain every word of {@code query}. */
    public Message.SearchResult search(String query) throws IOException {
        return link.search(query, SEARCH_LIMIT);
    }

    /** The file {@code target} names (see {@link TargetResolver}), with its sources. */
    public DownloadTarget resolve(String target, List<SearchHit> lastHits) throws IOException, PeerException {
        return resolver.resolve(target, lastHits);
    }

    /**
     * Downloads a resolved file into the folder, under {@code saveAs} or else the name it was
     * picked by, and shares it; joins the download of the same file if one is running. Waits for
     * it to end; cancelling pauses it.
     *
     * @throws PeerException if the name cannot be used, or the download was paused or gave up
     *     (what it fetched is kept for the next {@code get})
     */
    public DownloadResult download(DownloadTarget target, Optional<String> saveAs, DownloadListener listener,
            Cancellation cancellation) throws PeerException {
        String name = saveAs.orElse(target.name());
        Optional<String> badName = FileNames.problem(name);
        if (badName.isPresent()) {
            throw new PeerException("cannot save as '" + name + "': " + badName.get());
        }
        if (name.startsWith(".")) {
            // A hidden file would be saved, shared now, and forgotten at the next start.
            throw new PeerException("cannot save as '" + name + "': names starting with '.' are hidden and never"
                    + " shared; choose another with --as NAME");
        }
        Optional<SharedFile> have = files.get(target.located().file().id());
        if (have.isPresent()) {
            return new DownloadResult(have.get().path(), have.get().id(), have.get().size(), Duration.ZERO, List.of(),
                    true, 0, have.get().size());
        }
        DownloadJob job;
        try {
            job = downloads.start(target.located().file().id(), name);
        } catch (IOException e) {
            throw new PeerException("cannot start the download of '" + name + "': " + e.getMessage(), e);
        }
        return job.await(listener, cancellation);
    }

    /**
     * Copies {@code source} into the folder (under a free name) and shares it.
     *
     * @return the shared file; an existing one if the same bytes were already shared
     * @throws PeerException if {@code source} is not a readable regular file with a valid name
     */
    public SharedFile share(Path source) throws IOException, PeerException {
        if (!Files.isRegularFile(source)) {
            throw new PeerException(source + " is not a file (share takes one file at a time)");
        }
        String name = source.getFileName().toString();
        Optional<String> badName = FileNames.problem(name);
        if (badName.isPresent()) {
            throw new PeerException("cannot share " + source + ": " + badName.get());
        }
        if (name.startsWith(".")) {
            throw new PeerException("cannot share " + source + ": hidden files (names starting with '.') are never"
                    + " shared; copy it under another name");
        }
        if (source.toRealPath().startsWith(state.folder().toRealPath())) {
            return files.list().stream()
                    .filter(file -> sameFile(file.path(), source))
                    .findFirst()
                    .orElseThrow(() -> new PeerException(source + " is inside the shared folder but not shared"
                            + " (hidden files and the " + StateDirectory.NAME + " folder are never shared)"));
        }
        Path temp = state.newTempFile("share");
        try {
            Manifest manifest = new FileHasher().copy(source, temp, bytes -> { });
            Optional<SharedFile> existing = files.get(manifest.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            Path placed = Placement.moveInto(state.folder(), name, temp);
            long modified = Files.getLastModifiedTime(placed, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
            SharedFile shared = new SharedFile(manifest, placed.getFileName().toString(), placed,
                    FolderScanner.relativePath(state.folder(), placed), modified);
            publisher.publish(shared);
            return shared;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The peer's state now. */
    /** This peer's state folder inside its shared folder. */
    public StateDirectory state() {
        return state;
    }

    public PeerStatus status() {
        return new PeerStatus(config.name(), server.endpoint(), state.folder(), files.count(), files.totalBytes(),
                link.status(), server.stats(), downloads.snapshots(), downloads.bans().list());
    }

    /** Pauses the downloads, unregisters from the tracker and stops serving. */
    @Override
    public void close() {
        watcher.close();
        downloads.close();
        link.close();
        server.close();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            // A shared file that can no longer be read is not the one being shared now.
            return false;
        }
    }
}

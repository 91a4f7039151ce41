package dev.p2pshare.peer.net;

import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this peer registered with a tracker: registers with the shared files, sends a
 * heartbeat every interval, announces changes to the file list, and when the connection is lost
 * registers again by itself, with the next of the trackers it was given, as {@link TrackerRotation}
 * says, and a {@link Backoff} wait after every round of failures. The trackers are independent of
 * one another: registering with another is registering afresh. Searches, locates,
 * peer lists, texts and offers go through the same connection, and the notices the tracker
 * pushes on it (texts, offers, who joined or left) go to the listener given.
 *
 * <p>One thread (the keeper) does all registering, announcing and heartbeats, so they reach the
 * tracker in order without a lock held across I/O. Thread-safe.
 */
public final class TrackerLink implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(TrackerLink.class);

    /**
     * What the link needs to know.
     *
     * @param trackers the trackers to register with, one at a time, in the order they are tried
     *     after one another; at least one, none twice
     * @param self this peer's own id, which picks the tracker tried first
     * @param servePort the port this peer serves chunks on, which the tracker tells other peers
     * @param timeout how long to wait for any one answer of the tracker
     * @param presence whether to be told who joins and leaves, besides texts and offers
     */
    public record Settings(List<Endpoint> trackers, NodeId self, String name, int servePort, Duration heartbeat,
            Duration timeout, boolean presence) {
        public Settings {
            trackers = List.copyOf(trackers);
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(name, "name");
            if (heartbeat.isNegative() || heartbeat.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("heartbeat and timeout must be positive");
            }
        }
    }

    /**
     * The link as the {@code status} command shows it.
     *
     * @param tracker the tracker this peer is registered with, or while it is not, the one it tries now
     */
    public record Status(Endpoint tracker, boolean connected, Optional<NodeId> peerId, Optional<String> host,
            Optional<Instant> since, Optional<String> lastError, int registrations) {
    }

    private record Session(Endpoint tracker, TrackerConnection connection, NodeId peerId, String host, Instant since) {
    }

    private record Delta(List<FileEntry> added, List<FileId> removed, CompletableFuture<Void> done) {
    }

    private final Transport transport;
    private final TrackerTrust trust;
    private final Settings settings;
    private final TrackerRotation rotation;
    private final SharedFiles files;
    private final Supplier<List<PartialHolding>> partials;
    private final Consumer<Notice> notices;
    private final Map<FileId, PartialHolding> pendingPartials = new ConcurrentHashMap<>();
    private final Semaphore wakeups = new Semaphore(0);
    private final Queue<Delta> deltas = new ConcurrentLinkedQueue<>();
    private volatile Session session;
    private volatile String lastError;
    private volatile int registrations;
    /**
     * The trackers that turned out older than notices (texts, offers, presence) or than peer
     * checks: registrations with them go without. Kept by tracker, since a peer given several may
     * find one older than the others.
     */
    private final Set<Endpoint> withoutNotices = ConcurrentHashMap.newKeySet();
    private final Set<Endpoint> withoutPeerChecks = ConcurrentHashMap.newKeySet();
    /** How many of the requests above an older tracker turned out not to know. */
    private volatile int featuresDropped;
    private final PeerAdmission admission;
    private volatile boolean closed;
    private Thread keeper;

    /**
     * @param trust the id the tracker must prove, or where to remember the one it proves first
     * @param partials the files this peer is downloading now, announced at every registration
     * @param notices given each notice the tracker pushes, from the connection's reader thread
     */
    public TrackerLink(Transport transport, TrackerTrust trust, Settings settings, SharedFiles files,
            Supplier<List<PartialHolding>> partials, Consumer<Notice> notices, PeerAdmission admission) {
        this.transport = transport;
        this.trust = trust;
        this.settings = settings;
        this.rotation = new TrackerRotation(settings.trackers(), settings.self(),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        this.files = files;
        this.partials = partials;
        this.notices = notices;
        this.admission = admission;
        admission.askWith(this::checkPeer);
    }

    /**
     * Registers for the first time, with the first tracker that takes the registration in the order
     * {@link TrackerRotation} tries them, then keeps the registration alive in the background.
     *
     * @throws UntrustedTrackerException if the only tracker proved an id other than the trusted one
     * @throws ErrorReplyException if the only tracker refused the registration
     * @throws TrackersUnreachableException if there are several and none took the registration
     * @throws IOException if the only tracker cannot be reached
     */
    public void start() throws IOException {
        Map<Endpoint, IOException> failures = new LinkedHashMap<>();
        while (true) {
            Endpoint tracker = rotation.current();
            try {
                registerFirst(tracker);
                break;
            } catch (IOException e) {
                failures.put(tracker, e);
                if (failures.size() == rotation.size()) {
                    throw failures.size() == 1 ? e : new TrackersUnreachableException(failures);
                }
                rotation.moveOn();
                if (e instanceof UntrustedTrackerException) {
                    // Not a passing outage: someone may be impersonating that tracker, and the user must know.
                    log.error("{} Trying the tracker at {}.", Printable.escape(e.getMessage()), rotation.current());
                } else {
                    log.warn("cannot register with the tracker at {}: {}; trying the tracker at {}", tracker,
                            FailureReason.of(e), rotation.current());
                }
            }
        }
        rotation.registered();
        synchronized (this) {
            if (keeper != null) {
                throw new IllegalStateException("already started");
            }
            keeper = ConnectionThreads.startDaemon("tracker-link", this::keepAlive);
        }
    }

    private void registerFirst(Endpoint tracker) throws IOException {
        while (true) {
            int before = featuresDropped;
            try {
                register(tracker);
                return;
            } catch (ErrorReplyException refused) {
                if (featuresDropped == before) {
                    throw refused;
                }
                // An older tracker ended the registration at a request it does not know; the next
                // registration goes without it.
            }
        }
    }

    /** The id the tracker gave this peer, while registered. */
    public Optional<NodeId> peerId() {
        Session current = session;
        return current == null ? Optional.empty() : Optional.of(current.peerId());
    }

    /** The link's state now. */
    public Status status() {
        Session current = session;
        boolean connected = current != null && current.connection().isOpen();
        return new Status(connected ? current.tracker() : rotation.current(), connected,
                current == null ? Optional.empty() : Optional.of(current.peerId()),
                current == null ? Optional.empty() : Optional.of(current.host()),
                current == null ? Optional.empty() : Optional.of(current.since()),
                Optional.ofNullable(lastError), registrations);
    }

    /** Files whose names contain every word of {@code query}. */
    public SearchResults search(String query, int limit) throws IOException {
        Message.SearchResult found = ask(new Message.Search(query, limit), Message.SearchResult.class);
        return new SearchResults(found.hits(), found.truncated());
    }

    /** The file whose id starts with {@code idPrefix}, and who shares it. */
    public Located locate(String idPrefix) throws IOException {
        Message.LocateResult located = ask(new Message.Locate(idPrefix), Message.LocateResult.class);
        return new Located(located.file(), located.sources());
    }

    /** The online peers. */
    public OnlinePeers peers() throws IOException {
        Message.PeerList list = ask(new Message.ListPeers(), Message.PeerList.class);
        return new OnlinePeers(list.peers(), list.truncated());
    }

    /**
     * Checks that a text or broadcast can carry {@code text}.
     *
     * @throws IllegalArgumentException saying why it cannot
     */
    public static void requireCarriable(String text) {
        new Message.BroadcastText(text);
    }

    /** Passes {@code text} to the peer {@code to}; the tracker refuses it if that peer is not online. */
    public void sendText(NodeId to, String text) throws IOException {
        relay(new Message.SendText(to, text));
    }

    /** Passes {@code text} to every other peer online that takes texts; how many it went to. */
    public int broadcast(String text) throws IOException {
        return relay(new Message.BroadcastText(text)).peers();
    }

    /** Tells every other peer online that takes notices that this peer offers {@code file}; how many were told. */
    public int offer(FileEntry file) throws IOException {
        return relay(new Message.OfferFile(file)).peers();
    }

    /**
     * Tells the tracker that {@code added} are now shared and {@code removed} no longer are. The
     * future completes when the tracker has taken the change, or fails if it could not be
     * delivered now (the next registration then carries the whole list anyway).
     */
    public CompletableFuture<Void> announce(List<FileEntry> added, List<FileId> removed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        deltas.add(new Delta(List.copyOf(added), List.copyOf(removed), done));
        wakeups.release();
        return done;
    }

    /**
     * Tells the tracker, soon and in the background, which chunks of a file this peer has while
     * it downloads it. Only the latest holding of each file is sent; one the tracker cannot take
     * now goes with the next registration.
     */
    public void announcePartial(PartialHolding holding) {
        pendingPartials.put(holding.file().id(), holding);
        wakeups.release();
    }

    private Message.Relayed relay(Message request) throws IOException {
        Endpoint tracker = trackerNow();
        if (withoutNotices.contains(tracker)) {
            throw new IOException("the tracker at " + tracker + " passes no texts or offers between peers"
                    + " (it is older than this peer)");
        }
        return ask(request, Message.Relayed.class);
    }

    /** The tracker registered with, or, between registrations, the one tried next. */
    private Endpoint trackerNow() {
        Session current = session;
        return current != null ? current.tracker() : rotation.current();
    }

    private <T extends Message> T ask(Message request, Class<T> type) throws IOException {
        Session current = session;
        if (current == null || !current.connection().isOpen()) {
            throw new IOException("not connected to the tracker at " + rotation.current() + " (reconnecting"
                    + (lastError == null ? "" : "; last error: " + lastError) + ")");
        }
        return current.connection().request(request, type, settings.timeout());
    }

    private void keepAlive() {
        long nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
        Session left = null;
        while (!closed && !Thread.currentThread().isInterrupted()) {
            Session current = session;
            if (current == null || !current.connection().isOpen()) {
                if (current != null && current != left) {
                    left = current;
                    rotation.moveOn();
                }
                Endpoint tracker = rotation.current();
                try {
                    register(tracker);
                    rotation.registered();
                    nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
                    log.info("registered again with the tracker at {}", tracker);
                } catch (UntrustedTrackerException e) {
                    failPendingDeltas(e);
                    // Not a passing outage: someone may be impersonating the tracker, and the user must know.
                    log.error("{}", Printable.escape(e.getMessage()));
                    pauseUnlessZero(rotation.failed());
                } catch (IOException e) {
                    failPendingDeltas(e);
                    log.debug("registering with {} failed: {}", tracker, Printable.escape(e));
                    pauseUnlessZero(rotation.failed());
                }
                continue;
            }
            long untilHeartbeat = nextHeartbeat - System.nanoTime();
            if (untilHeartbeat > 0 && pause(Duration.ofNanos(untilHeartbeat))) {
                sendDeltas(current);
                sendPartials(current);
                continue;
            }
            sendDeltas(current);
            sendPartials(current);
            heartbeat(current);
            nextHeartbeat = System.nanoTime() + settings.heartbeat().toNanos();
        }
    }

    private void register(Endpoint tracker) throws IOException {
        TrackerConnection connection = TrackerConnection.open(transport, tracker, trust, settings.timeout(),
                cause -> connectionLost(tracker, cause), wire -> notices.accept(Notice.of(wire)));
        try {
            List<FileEntry> entries = files.entries();
            int first = Math.min(entries.size(), Limits.MAX_FILES_PER_MESSAGE);
            Message.Registered registered = connection.request(
                    new Message.Register(settings.name(), settings.servePort(), entries.subList(0, first)),
                    Message.Registered.class, settings.timeout());
            if (first < entries.size()) {
                // The files beyond the first message follow as a change the keeper sends, right
                // after this registration: a start on a large folder need not wait for them.
                deltas.add(new Delta(entries.subList(first, entries.size()), List.of(), new CompletableFuture<>()));
                wakeups.release();
            }
            for (PartialHolding holding : partials.get()) {
                pendingPartials.remove(holding.file().id());
                sendPartial(connection, holding);
            }
            if (!withoutNotices.contains(tracker)) {
                subscribe(tracker, connection);
            }
            if (!withoutPeerChecks.contains(tracker)) {
                learnWhomToServe(tracker, connection, registered.peerId());
            } else {
                admission.networkIs(false);
            }
            synchronized (this) {
                if (closed) {
                    throw new IOException("this peer is shutting down");
                }
                session = new Session(tracker, connection, registered.peerId(), registered.host(), Instant.now());
            }
            registrations++;
            lastError = null;
            if (registered.ttlSeconds() <= settings.heartbeat().toSeconds()) {
                log.warn("the tracker forgets peers after {} s, but this peer sends a heartbeat every {} s;"
                        + " use a shorter --heartbeat", registered.ttlSeconds(), settings.heartbeat().toSeconds());
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
            lastError = FailureReason.withFile(e);
            throw e;
        }
    }

    /**
     * Asks for the tracker's notices, with presence also for summaries of the joins and leaves it
     * does not name one by one (a tracker older than summaries ignores the ask). A tracker older
     * than the notices closes the connection at the unknown request: then the next registration
     * goes without, and texts are refused here.
     */
    private void subscribe(Endpoint tracker, TrackerConnection connection) throws IOException {
        try {
            connection.request(new Message.Subscribe(settings.presence(), settings.presence()), Message.Ok.class,
                    settings.timeout());
        } catch (ErrorReplyException refused) {
            if (refused.code() == ErrorCode.BAD_MESSAGE || refused.code() == ErrorCode.UNEXPECTED_MESSAGE) {
                withoutNotices.add(tracker);
                featuresDropped++;
                log.warn("the tracker at {} passes no texts or offers between peers: {}", tracker,
                        refused.getMessage());
            }
            throw refused;
        }
    }

    /**
     * Asks the tracker, about this peer itself, whether its network is restricted to an allow list,
     * for {@link PeerAdmission}. A tracker older than the question closes the connection at it: it
     * keeps no list peers can enforce, and the next registration goes without asking.
     */
    private void learnWhomToServe(Endpoint tracker, TrackerConnection connection, NodeId self) throws IOException {
        try {
            Message.PeerCheck check = connection.request(new Message.CheckPeer(self), Message.PeerCheck.class,
                    settings.timeout());
            admission.networkIs(check.restricted());
        } catch (ErrorReplyException refused) {
            if (refused.code() == ErrorCode.BAD_MESSAGE || refused.code() == ErrorCode.UNEXPECTED_MESSAGE) {
                withoutPeerChecks.add(tracker);
                featuresDropped++;
                admission.networkIs(false);
                log.warn("the tracker at {} keeps no allow list this peer can enforce: {}", tracker,
                        refused.getMessage());
            }
            throw refused;
        }
    }

    /**
     * Whether the node {@code id} may be served on this network, as the tracker says; for an
     * older tracker that cannot say, yes.
     */
    public Message.PeerCheck checkPeer(NodeId id) throws IOException {
        if (withoutPeerChecks.contains(trackerNow())) {
            return new Message.PeerCheck(id, true, false);
        }
        return ask(new Message.CheckPeer(id), Message.PeerCheck.class);
    }

    private void sendDeltas(Session current) {
        Delta delta;
        while ((delta = deltas.poll()) != null) {
            try {
                // Withdrawals before additions: an id withdrawn and added again under the names it
                // keeps must end up listed. The last withdrawals travel with the first additions, so
                // that a small change is one announce, which the tracker applies at once.
                List<List<FileId>> removals = batches(delta.removed());
                List<List<FileEntry>> additions = batches(delta.added());
                for (int i = 0; i < removals.size() - 1; i++) {
                    current.connection().request(new Message.Announce(List.of(), removals.get(i)), Message.Ok.class,
                            settings.timeout());
                }
                for (int i = 0; i < additions.size(); i++) {
                    List<FileId> removed = i == 0 ? removals.get(removals.size() - 1) : List.of();
                    current.connection().request(new Message.Announce(additions.get(i), removed), Message.Ok.class,
                            settings.timeout());
                }
                delta.done().complete(null);
            } catch (ErrorReplyException e) {
                log.warn("the tracker refused a change to the file list: {}", e.getMessage());
                delta.done().completeExceptionally(e);
            } catch (IOException e) {
                delta.done().completeExceptionally(e);
                current.connection().close();
                return;
            }
        }
    }

    private void sendPartials(Session current) {
        for (FileId id : List.copyOf(pendingPartials.keySet())) {
            PartialHolding holding = pendingPartials.remove(id);
            if (holding == null) {
                continue;
            }
            try {
                sendPartial(current.connection(), holding);
            } catch (IOException e) {
                current.connection().close();
                return;
            }
        }
    }

    private void sendPartial(TrackerConnection connection, PartialHolding holding) throws IOException {
        try {
            connection.request(new Message.AnnouncePartial(holding.file()),
                    ByteBuffer.wrap(Bitfields.encode(holding.have(), holding.file().size())), Message.Ok.class,
                    settings.timeout());
        } catch (ErrorReplyException refused) {
            log.warn("the tracker refused to list {} as partly here: {}", holding.file().name(), refused.getMessage());
        }
    }

    private void heartbeat(Session current) {
        try {
            current.connection().request(new Message.Heartbeat(), Message.Ok.class, settings.timeout());
        } catch (IOException e) {
            log.debug("heartbeat failed: {}", Printable.escape(e));
            current.connection().close();
        }
    }

    /**
     * Registers with {@code tracker} alone from now on, in the background: the registration with
     * the current tracker ends (unregistering) and the keeper registers afresh with the new one.
     */
    public void moveTo(Endpoint tracker) {
        rotation.replaceWith(tracker);
        Session current = session;
        if (current != null && !current.tracker().equals(tracker) && current.connection().isOpen()) {
            try {
                current.connection().request(new Message.Unregister(), Message.Ok.class, settings.timeout());
            } catch (IOException e) {
                log.debug("could not unregister from {}: {}", current.tracker(), Printable.escape(e));
            }
            current.connection().close();
        }
        wakeups.release();
    }

    private void connectionLost(Endpoint tracker, IOException cause) {
        if (!closed && !tracker.equals(rotation.current())) {
            log.info("left the tracker at {} for the tracker at {}", tracker, rotation.current());
        } else if (!closed) {
            lastError = FailureReason.withFile(cause);
            log.warn("lost the tracker at {}: {}; {}", tracker, FailureReason.of(cause),
                    rotation.size() == 1 ? "registering again" : "trying the tracker at " + rotation.next());
        }
        wakeups.release();
    }

    private void failPendingDeltas(IOException cause) {
        Delta delta;
        while ((delta = deltas.poll()) != null) {
            delta.done().completeExceptionally(new IOException("the tracker is unreachable (" + FailureReason.of(cause)
                    + "); the change is sent when it is back", cause));
        }
    }

    /** Waits {@code duration} as {@link #pause} does, unless it is zero. */
    private void pauseUnlessZero(Duration duration) {
        if (!duration.isZero()) {
            pause(duration);
        }
    }

    /** Waits up to {@code duration}; true if woken earlier by a change, a lost connection or close. */
    private boolean pause(Duration duration) {
        try {
            boolean woken = wakeups.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS);
            wakeups.drainPermits();
            return woken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
    /** {@code entries} in pieces that fit in one message; one empty piece if there are none. */
    private static <T> List<List<T>> batches(List<T> entries) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += Limits.MAX_FILES_PER_MESSAGE) {
            batches.add(entries.subList(from, Math.min(entries.size(), from + Limits.MAX_FILES_PER_MESSAGE)));
        }
        if (batches.isEmpty()) {
            batches.add(List.of());
        }
        return batches;
    }

    /** Unregisters (waiting briefly for the tracker) and stops the keeper. */
    @Override
    public void close() {
        Thread keeperThread;
        synchronized (this) {
            // After this, a registration still in progress sees it and closes its own connection.
            if (closed) {
                return;
            }
            closed = true;
            keeperThread = keeper;
        }
        wakeups.release();
        if (keeperThread != null) {
            try {
                keeperThread.join(settings.timeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Session current = session;
        if (current != null && current.connection().isOpen()) {
            try {
                current.connection().request(new Message.Unregister(), Message.Ok.class, Duration.ofSeconds(2));
            } catch (IOException e) {
                log.debug("could not unregister: {}", Printable.escape(e));
            }
            current.connection().close();
        }
        failPendingDeltas(new IOException("this peer is shutting down"));
    }
}

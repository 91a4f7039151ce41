package dev.p2pshare.tracker;

import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.transport.ServerConversation;
import dev.p2pshare.protocol.transport.SocketClose;
import dev.p2pshare.protocol.transport.Transport;
import dev.p2pshare.tracker.FileIndex.IndexedFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the tracker, from {@code hello} to close: answers each request in order, and
 * holds the peer session the connection registers, which ends when the connection does.
 */
final class TrackerSession implements ServerConversation.Responder {

    private static final Logger log = LoggerFactory.getLogger(TrackerSession.class);

    /**
     * The most a session writes to its TLS socket at once. The socket keeps a record buffer of
     * about twice the largest write it was given, for the connection's life: answers larger than
     * this (file lists, search results) leave in several records, so that an idle session holds
     * 2.5 to 4 KB there rather than the 32 KB a full-size record leaves behind.
     */
    static final int PIECE_BYTES = 2 * 1024;

    private final Socket socket;
    private final PeerRegistry registry;
    private final AllowList allowList;
    private final NodeId remoteId;
    private final Duration handshakeTimeout;
    private final TrackerMetrics metrics;
    private final Relay relay;
    private ServerConversation.Pusher pusher;
    private RegisteredPeer peer;
    private RelayAllowance allowance;
    private boolean registeredBefore;

    TrackerSession(Socket socket, PeerRegistry registry, Relay relay, AllowList allowList, Duration handshakeTimeout,
            TrackerMetrics metrics) {
        this.socket = socket;
        this.registry = registry;
        this.relay = relay;
        this.allowList = allowList;
        this.metrics = metrics;
        // The tracker only listens over TLS, where every client proves an id.
        this.remoteId = Transport.remoteId(socket).orElseThrow(() -> new IllegalStateException(
                "a connection without a proven id reached the tracker"));
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Serves the connection until it closes; never throws. */
    void serve() {
        metrics.sessionOpened();
        try {
            converse();
        } finally {
            metrics.sessionClosed();
        }
    }

    private void converse() {
        // Ten thousand mostly idle sessions: no frame buffer is held between requests.
        ServerConversation.runWithBuffersPerBurst(socket, "tracker", handshakeTimeout, PIECE_BYTES, this).log(log);
        if (peer != null && registry.remove(peer)) {
            log.info("peer {} left: connection closed", peer);
        }
    }

    /** Answers one request, counting it, its outcome and how long it took. */
    @Override
    public void answer(Message request, byte[] payload, FrameWriter writer) throws IOException {
        long start = System.nanoTime();
        try {
            answerUncounted(request, payload, writer);
        } catch (ProtocolException refusal) {
            metrics.request(request.getClass(), TrackerMetrics.Outcome.REFUSED, System.nanoTime() - start);
            throw refusal;
        }
        metrics.request(request.getClass(), TrackerMetrics.Outcome.ANSWERED, System.nanoTime() - start);
    }

    /**
     * Turns away a client whose id is not on the allow list, telling it why in place of the
     * {@code welcome} its {@code hello} expects.
     */
    @Override
    public void admit() throws ProtocolException {
        if (!allowList.allows(remoteId)) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED, notAllowed());
        }
    }

    @Override
    public void started(ServerConversation.Pusher pusher) {
        this.pusher = pusher;
    }

    @Override
    public void counted(long receivedBytes, long sentBytes) {
        metrics.traffic(receivedBytes, sentBytes);
    }

    private void answerUncounted(Message request, byte[] payload, FrameWriter writer) throws IOException {
        if (!allowList.allows(remoteId)) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED, notAllowed());
        }
        if (peer != null && !(request instanceof Message.Heartbeat)) {
            // Any request from a registered peer shows that it is alive; a heartbeat says so below.
            registry.heartbeat(peer);
        }
        if (request instanceof Message.AnnouncePartial partial) {
            BitSet have = Bitfields.decode(payload, partial.file().size());
            registry.announcePartial(registered(), partial.file(), have.cardinality());
            writer.write(new Message.Ok());
            return;
        }
        writer.write(reply(request));
    }

    private Message reply(Message request) throws ProtocolException {
        if (request instanceof Message.Register register) {
            return register(register);
        } else if (request instanceof Message.Announce announce) {
            registry.announce(registered(), announce.added(), announce.removed());
            return new Message.Ok();
        } else if (request instanceof Message.Heartbeat) {
            if (!registry.heartbeat(registered())) {
                throw new ProtocolException(ErrorCode.NOT_REGISTERED, "the session has ended; register again");
            }
            return new Message.Ok();
        } else if (request instanceof Message.Unregister) {
            RegisteredPeer leaving = registered();
            peer = null;
            if (registry.remove(leaving)) {
                log.info("peer {} left: unregistered", leaving);
            }
            return new Message.Ok();
        } else if (request instanceof Message.Search search) {
            FileIndex.Matches matches = registry.files().search(NameQuery.parse(search.query()), search.limit());
            return new Message.SearchResult(matches.hits(), matches.truncated());
        } else if (request instanceof Message.Locate locate) {
            return locate(locate.idPrefix());
        } else if (request instanceof Message.Subscribe subscribe) {
            relay.subscribe(registered(), pusher, subscribe.presence(), subscribe.summaries(), socket.getInetAddress(),
                    socket.getLocalAddress());
            return new Message.Ok();
        } else if (request instanceof Message.SendText text) {
            return new Message.Relayed(relay.sendText(registered(), text.to(), text.text()));
        } else if (request instanceof Message.BroadcastText text) {
            return new Message.Relayed(relay.broadcast(registered(), text.text()));
        } else if (request instanceof Message.OfferFile offer) {
            return new Message.Relayed(relay.offer(registered(), offer.file()));
        } else if (request instanceof Message.CheckPeer check) {
            boolean restricted = allowList.restricted();
            return new Message.PeerCheck(check.id(), !restricted || allowList.allows(check.id()), restricted);
        } else if (request instanceof Message.ListPeers) {
            List<RegisteredPeer> listed = registry.list(Limits.MAX_PEERS_LISTED);
            return new Message.PeerList(listed.stream().map(this::entry).toList(),
                    registry.size() > listed.size());
        }
        throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                "a tracker does not accept '" + typeName(request) + "' messages");
    }

    private Message register(Message.Register register) throws ProtocolException {
        if (peer != null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "this connection is already registered as " + peer);
        }
        if (allowance == null) {
            allowance = registry.newAllowance();
        }
        // Each registration is announced to every peer watching presence: registering over and over
        // on one connection is paced like texts, and gets no fresh allowance.
        if (registeredBefore && !allowance.take()) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "this connection registers too often; wait a moment");
        }
        registeredBefore = true;
        InetAddress host = socket.getInetAddress();
        PeerRegistry.Registration registration = registry.register(remoteId, register.name(), host, register.port(),
                register.files(), () -> SocketClose.abort(socket), allowance);
        peer = registration.peer();
        registration.replaced().ifPresent(this::endReplaced);
        int files = register.files().size();
        log.info("peer {} joined from {} with {} {}", peer, host.getHostAddress() + ":" + register.port(), files,
                files == 1 ? "file" : "files");
        return new Message.Registered(peer.id(), host.getHostAddress(), (int) registry.ttl().toSeconds());
    }

    /** Closes the connection of a session that the same peer, connecting again, replaced. */
    private void endReplaced(RegisteredPeer replaced) {
        if (replaced.remote()) {
            log.info("peer {} moved here from tracker instance {}", replaced, replaced.owner());
            return;
        }
        log.info("peer {} connected again; its previous connection is closed", replaced);
        try {
            replaced.connection().close();
        } catch (IOException e) {
            log.debug("closing the previous connection of peer {} failed: {}", replaced, FailureReason.of(e));
        }
    }

    private String notAllowed() {
        return "this tracker serves only the peers on its allow list, and " + remoteId.grouped()
                + " is not on it; ask whoever runs the tracker to add that id";
    }

    private Message locate(String idPrefix) throws ProtocolException {
        List<IndexedFile> found = registry.files().withPrefix(idPrefix, 2);
        if (found.isEmpty()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no online peer shares a file whose id starts with " + idPrefix);
        }
        if (found.size() > 1) {
            throw new ProtocolException(ErrorCode.AMBIGUOUS, "more than one file's id starts with " + idPrefix + " ("
                    + found.stream().map(file -> file.id().shortHex()).collect(Collectors.joining(", "))
                    + "); give more digits");
        }
        IndexedFile file = found.get(0);
        List<SourceEntry> sources = new ArrayList<>();
        for (Map.Entry<NodeId, FileIndex.Holding> holder : file.holders().entrySet()) {
            Optional<RegisteredPeer> online = registry.peer(holder.getKey());
            online.ifPresent(peer -> sources.add(new SourceEntry(entry(peer), holder.getValue().complete(),
                    holder.getValue().chunks())));
        }
        // With more holders than fit in one answer, each requester gets a different share of them,
        // whole sources first.
        Collections.shuffle(sources);
        sources.sort(Comparator.comparing(SourceEntry::complete).reversed());
        return new Message.LocateResult(file.entry(), sources.subList(0, Math.min(sources.size(), Limits.MAX_SOURCES)));
    }

    private RegisteredPeer registered() throws ProtocolException {
        if (peer == null) {
            throw new ProtocolException(ErrorCode.NOT_REGISTERED, "register first");
        }
        return peer;
    }

    /** How the requester should reach {@code listed}: see {@link RegisteredPeer#entryFor}. */
    private PeerEntry entry(RegisteredPeer listed) {
        return listed.entryFor(socket.getInetAddress(), socket.getLocalAddress());
    }

    private static String typeName(Message message) {
        return MessageCodec.typeName(message.getClass());
    }
}

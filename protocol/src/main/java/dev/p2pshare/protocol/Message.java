package dev.p2pshare.protocol;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;
import java.util.Objects;

/**
 * Every message of the protocol, as the JSON header of a frame (see {@link FrameReader}). The
 * {@code type} field names the record; the other fields are the record's components, all required
 * but the few that later growth of version 1 added as optional flags (false when absent, and then
 * not written either, so that a message without them reads as it always did).
 *
 * <p>Each record's constructor enforces the field rules that {@code docs/PROTOCOL.md} states, so an
 * invalid message cannot be built, sent or received. Only {@link ManifestData}, {@link ChunkData},
 * {@link HaveData} and {@link AnnouncePartial} are followed by a payload.
 *
 * <p>Every message but the {@link Notice}s answers a request or is one; notices are what the
 * tracker sends a subscribed peer unasked.
 *
 * <p>One file, longer than most, because the protocol's vocabulary is one closed list: the
 * {@code permits} of a sealed interface and the type names above must name every record, and a
 * reader compares the records with {@code docs/PROTOCOL.md} side by side. Each record is short.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Message.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Message.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = Message.ErrorReply.class, name = "error"),
    @JsonSubTypes.Type(value = Message.Register.class, name = "register"),
    @JsonSubTypes.Type(value = Message.Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = Message.Announce.class, name = "announce"),
    @JsonSubTypes.Type(value = Message.AnnouncePartial.class, name = "announce-partial"),
    @JsonSubTypes.Type(value = Message.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = Message.Unregister.class, name = "unregister"),
    @JsonSubTypes.Type(value = Message.Ok.class, name = "ok"),
    @JsonSubTypes.Type(value = Message.Search.class, name = "search"),
    @JsonSubTypes.Type(value = Message.SearchResult.class, name = "search-result"),
    @JsonSubTypes.Type(value = Message.Locate.class, name = "locate"),
    @JsonSubTypes.Type(value = Message.LocateResult.class, name = "locate-result"),
    @JsonSubTypes.Type(value = Message.ListPeers.class, name = "list-peers"),
    @JsonSubTypes.Type(value = Message.PeerList.class, name = "peer-list"),
    @JsonSubTypes.Type(value = Message.CheckPeer.class, name = "check-peer"),
    @JsonSubTypes.Type(value = Message.PeerCheck.class, name = "peer-check"),
    @JsonSubTypes.Type(value = Message.ManifestRequest.class, name = "manifest-request"),
    @JsonSubTypes.Type(value = Message.ManifestData.class, name = "manifest"),
    @JsonSubTypes.Type(value = Message.ChunkRequest.class, name = "chunk-request"),
    @JsonSubTypes.Type(value = Message.ChunkData.class, name = "chunk"),
    @JsonSubTypes.Type(value = Message.HaveRequest.class, name = "have-request"),
    @JsonSubTypes.Type(value = Message.HaveData.class, name = "have"),
    @JsonSubTypes.Type(value = Message.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = Message.SendText.class, name = "send-text"),
    @JsonSubTypes.Type(value = Message.BroadcastText.class, name = "broadcast-text"),
    @JsonSubTypes.Type(value = Message.OfferFile.class, name = "offer-file"),
    @JsonSubTypes.Type(value = Message.Relayed.class, name = "relayed"),
    @JsonSubTypes.Type(value = Message.PeerJoined.class, name = "peer-joined"),
    @JsonSubTypes.Type(value = Message.PeerLeft.class, name = "peer-left"),
    @JsonSubTypes.Type(value = Message.PresenceChanged.class, name = "presence-changed"),
    @JsonSubTypes.Type(value = Message.TextFrom.class, name = "text"),
    @JsonSubTypes.Type(value = Message.OfferFrom.class, name = "offer"),
    @JsonSubTypes.Type(value = Message.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Message.Pong.class, name = "pong"),
})
public sealed interface Message {

    /** The protocol version this code speaks. */
    int VERSION = 1;

    /** First message on every connection, from the side that connected. */
    record Hello(int version, String agent) implements Message {
        public Hello {
            Checks.range("version", version, 1, 65_535);
            Checks.text("agent", agent, 1, Limits.MAX_AGENT_CHARS);
        }
    }

    /** The accepting side's answer to a {@link Hello} whose version it speaks. */
    record Welcome(int version, String agent) implements Message {
        public Welcome {
            Checks.range("version", version, 1, 65_535);
            Checks.text("agent", agent, 1, Limits.MAX_AGENT_CHARS);
        }
    }

    /** A refusal, in place of the answer a request expected. */
    record ErrorReply(ErrorCode code, String detail) implements Message {
        public ErrorReply {
            Objects.requireNonNull(code, "code");
            Checks.text("detail", detail, 0, Limits.MAX_DETAIL_CHARS);
        }

        /**
         * The error that reports {@code failure}: its detail with the characters a text may not
         * hold (section 4 of the protocol) {@linkplain Printable#escape escaped}, as they would be
         * on a terminal, so that what the other side sent can be quoted; cut to the allowed length.
         */
        public static ErrorReply of(ProtocolException failure) {
            String detail = Printable.escape(Objects.requireNonNullElse(failure.getMessage(), failure.code().wireName()));
            int end = Math.min(detail.length(), Limits.MAX_DETAIL_CHARS);
            if (end > 0 && Character.isHighSurrogate(detail.charAt(end - 1))) {
                // Cut between the halves of a pair, the first would be an unpaired surrogate.
                end--;
            }
            return new ErrorReply(failure.code(), detail.substring(0, end));
        }
    }

    /** Peer to tracker: start a session, serving on {@code port} of the connection's address. */
    record Register(String name, int port, List<FileEntry> files) implements Message {
        public Register {
            FileNames.requirePeerName(name);
            Checks.port(port);
            files = Checks.list("files", files, Limits.MAX_FILES_PER_MESSAGE);
        }
    }

    /** Tracker to peer: the session is open under {@code peerId}; heartbeat well within {@code ttlSeconds}. */
    record Registered(NodeId peerId, String host, int ttlSeconds) implements Message {
        public Registered {
            Objects.requireNonNull(peerId, "peerId");
            Checks.ipLiteral("host", host);
            Checks.range("ttlSeconds", ttlSeconds, 1, 86_400);
        }
    }

    /** Peer to tracker: files the peer now shares, and files it no longer shares. */
    record Announce(List<FileEntry> added, List<FileId> removed) implements Message {
        public Announce {
            added = Checks.list("added", added, Limits.MAX_FILES_PER_MESSAGE);
            removed = Checks.list("removed", removed, Limits.MAX_FILES_PER_MESSAGE);
        }
    }

    /**
     * Peer to tracker: this peer is downloading {@code file} and serves the chunks it has. The
     * payload is the bitfield of those chunks (see {@link Bitfields}). Sent again as the download
     * goes on; a file announced whole later replaces it.
     */
    record AnnouncePartial(FileEntry file) implements Message {
        public AnnouncePartial {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Peer to tracker: still here. */
    record Heartbeat() implements Message {
    }

    /** Peer to tracker: end the session now. */
    record Unregister() implements Message {
    }

    /** Tracker to peer: the request was carried out; nothing more to say. */
    record Ok() implements Message {
    }

    /** Find files whose names contain every word of {@code query}, ignoring case. */
    record Search(String query, int limit) implements Message {
        public Search {
            Checks.text("query", query, 1, Limits.MAX_QUERY_CHARS);
            if (query.isBlank()) {
                throw new IllegalArgumentException("query must contain a word");
            }
            Checks.range("limit", limit, 1, Limits.MAX_SEARCH_HITS);
        }
    }

    /** Answer to {@link Search}: matches, most sources first; {@code truncated} if more matched. */
    record SearchResult(List<SearchHit> hits, boolean truncated) implements Message {
        public SearchResult {
            hits = Checks.list("hits", hits, Limits.MAX_SEARCH_HITS);
        }
    }

    /** Where can the file whose id starts with {@code idPrefix} (6 to 64 hex digits) be fetched? */
    record Locate(String idPrefix) implements Message {
        public Locate {
            Objects.requireNonNull(idPrefix, "idPrefix");
            if (!FileId.isPrefix(idPrefix)) {
                throw new IllegalArgumentException("idPrefix must be " + FileId.MIN_PREFIX_CHARS
                        + " to 64 lower-case hex digits");
            }
        }
    }

    /** Answer to {@link Locate}: the one file that matched, and the online peers that have all or some of it. */
    record LocateResult(FileEntry file, List<SourceEntry> sources) implements Message {
        public LocateResult {
            Objects.requireNonNull(file, "file");
            sources = Checks.list("sources", sources, Limits.MAX_SOURCES);
        }
    }

    /** Which peers are online? */
    record ListPeers() implements Message {
    }

    /** Answer to {@link ListPeers}, by name; {@code truncated} if more are online. */
    record PeerList(List<PeerEntry> peers, boolean truncated) implements Message {
        public PeerList {
            peers = Checks.list("peers", peers, Limits.MAX_PEERS_LISTED);
        }
    }

    /**
     * Client to tracker: may the node {@code id} be served on this network? A peer asks it of
     * whoever connects to it, when its tracker serves only the peers on an allow list.
     */
    record CheckPeer(NodeId id) implements Message {
        public CheckPeer {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Answer to {@link CheckPeer}: whether the network is {@code restricted} to an allow list,
     * and if so whether {@code id} is on it ({@code allowed} is true on an open network).
     */
    record PeerCheck(NodeId id, boolean allowed, boolean restricted) implements Message {
        public PeerCheck {
            Objects.requireNonNull(id, "id");
            if (!restricted && !allowed) {
                throw new IllegalArgumentException("on a network with no allow list every node is allowed");
            }
        }
    }

    /** Peer to peer: send the manifest of file {@code id}. */
    record ManifestRequest(FileId id) implements Message {
        public ManifestRequest {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Answer to {@link ManifestRequest}. The payload is the file's chunk hashes, 32 bytes each, in
     * order: exactly {@code 32 * ceil(size / CHUNK_SIZE)} bytes.
     */
    record ManifestData(FileId id, long size) implements Message {
        public ManifestData {
            Objects.requireNonNull(id, "id");
            Manifest.chunkCount(size);
        }
    }

    /** Peer to peer: send chunk {@code index} of file {@code id}. */
    record ChunkRequest(FileId id, int index) implements Message {
        public ChunkRequest {
            Objects.requireNonNull(id, "id");
            Checks.range("index", index, 0, Limits.MAX_FILE_SIZE / Manifest.CHUNK_SIZE - 1);
        }
    }

    /** Answer to {@link ChunkRequest}. The payload is the chunk's bytes: 1 to {@value Manifest#CHUNK_SIZE}. */
    record ChunkData(FileId id, int index) implements Message {
        public ChunkData {
            Objects.requireNonNull(id, "id");
            Checks.range("index", index, 0, Limits.MAX_FILE_SIZE / Manifest.CHUNK_SIZE - 1);
        }
    }

    /** Peer to peer: which chunks of file {@code id} do you have? */
    record HaveRequest(FileId id) implements Message {
        public HaveRequest {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Answer to {@link HaveRequest}. The payload is the bitfield of the chunks the peer has (see
     * {@link Bitfields}): all of them for a file it shares whole.
     */
    record HaveData(FileId id, long size) implements Message {
        public HaveData {
            Objects.requireNonNull(id, "id");
            Manifest.chunkCount(size);
        }
    }

    /**
     * What the tracker sends unasked, between its answers, to a peer that sent {@link Subscribe}:
     * never an answer, so a client tells it from one by its type alone.
     */
    sealed interface Notice permits PeerJoined, PeerLeft, PresenceChanged, TextFrom, OfferFrom {
    }

    /**
     * Peer to tracker: send this session the {@link Notice}s from now on: texts and offers, and
     * with {@code presence} also who joins and leaves. With {@code summaries} as well, the session
     * takes a {@link PresenceChanged} for the joins and leaves the tracker does not tell one by one
     * when too many come at once; {@code summaries} is optional on the wire, false when absent.
     */
    record Subscribe(boolean presence,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT)
            @JacksonInject(value = MessageCodec.FALSE_WHEN_ABSENT, useInput = OptBoolean.TRUE)
            boolean summaries) implements Message {

        /** A subscription without summaries, as every client before them sent it. */
        public Subscribe(boolean presence) {
            this(presence, false);
        }
    }

    /** Peer to tracker: pass {@code text} to the subscribed peer {@code to}, as from this peer. */
    record SendText(NodeId to, String text) implements Message {
        public SendText {
            Objects.requireNonNull(to, "to");
            Checks.text("text", text, 1, Limits.MAX_TEXT_CHARS);
        }
    }

    /** Peer to tracker: pass {@code text} to every other subscribed peer, as from this peer. */
    record BroadcastText(String text) implements Message {
        public BroadcastText {
            Checks.text("text", text, 1, Limits.MAX_TEXT_CHARS);
        }
    }

    /** Peer to tracker: tell every other subscribed peer that this peer shares {@code file}. */
    record OfferFile(FileEntry file) implements Message {
        public OfferFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Answer to {@link SendText}, {@link BroadcastText} and {@link OfferFile}: how many peers it was passed to. */
    record Relayed(int peers) implements Message {
        public Relayed {
            Checks.range("peers", peers, 0, Integer.MAX_VALUE);
        }
    }

    /** Tracker to a subscribed peer: {@code peer} registered. */
    record PeerJoined(PeerEntry peer) implements Message, Notice {
        public PeerJoined {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** Tracker to a subscribed peer: the session of peer {@code id}, named {@code name}, ended. */
    record PeerLeft(NodeId id, String name) implements Message, Notice {
        public PeerLeft {
            Objects.requireNonNull(id, "id");
            FileNames.requirePeerName(name);
        }
    }

    /**
     * Tracker to a peer that subscribed with summaries: {@code joined} peers registered and
     * {@code left} sessions ended, beyond those told one by one, since the last such notice;
     * {@code online} peers are online now. The peer lists them with {@link ListPeers} if it wants names.
     */
    record PresenceChanged(int joined, int left, int online) implements Message, Notice {
        public PresenceChanged {
            Checks.range("joined", joined, 0, Integer.MAX_VALUE);
            Checks.range("left", left, 0, Integer.MAX_VALUE);
            Checks.range("online", online, 0, Integer.MAX_VALUE);
            if (joined == 0 && left == 0) {
                throw new IllegalArgumentException("a presence change has a peer that joined or left");
            }
        }
    }

    /**
     * Tracker to a subscribed peer: {@code text} from peer {@code fromId}, which proved that id on
     * its connection to the tracker; {@code toAll} if it went to every peer.
     */
    record TextFrom(NodeId fromId, String fromName, boolean toAll, String text) implements Message, Notice {
        public TextFrom {
            Objects.requireNonNull(fromId, "fromId");
            FileNames.requirePeerName(fromName);
            Checks.text("text", text, 1, Limits.MAX_TEXT_CHARS);
        }
    }

    /** Tracker to a subscribed peer: peer {@code fromId} (proved, as for {@link TextFrom}) offers {@code file}. */
    record OfferFrom(NodeId fromId, String fromName, FileEntry file) implements Message, Notice {
        public OfferFrom {
            Objects.requireNonNull(fromId, "fromId");
            FileNames.requirePeerName(fromName);
            Objects.requireNonNull(file, "file");
        }
    }

    /** Peer to peer: answer with {@link Pong} at once, so that the asker can time the round trip. */
    record Ping(int nonce) implements Message {
        public Ping {
            Checks.range("nonce", nonce, 0, Integer.MAX_VALUE);
        }
    }

    /** Answer to {@link Ping}, with its {@code nonce}. */
    record Pong(int nonce) implements Message {
        public Pong {
            Checks.range("nonce", nonce, 0, Integer.MAX_VALUE);
        }
    }
}

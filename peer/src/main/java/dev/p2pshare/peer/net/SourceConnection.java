package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.Bitfields;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.transport.Answers;
import dev.p2pshare.protocol.transport.ClientConversation;
import dev.p2pshare.protocol.transport.Deadlines;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.SocketClose;
import dev.p2pshare.protocol.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A connection to a peer that shares a file, for fetching its manifest and chunks. Chunk requests
 * may be pipelined: write several with {@link #requestChunk}, {@link #flush}, then read the answers
 * in the same order with {@link #readChunk}.
 *
 * <p>Everything the source sends is checked against what was asked: a manifest must hash to the
 * requested id, an answer must be for the requested chunk and have its length. Whether a chunk's
 * bytes are right is the caller's check, against the manifest. Not thread-safe.
 */
public final class SourceConnection implements Closeable {

    private final PeerEntry source;
    private final Socket socket;
    private final ClientConversation conversation;
    private final FrameReader reader;
    private final FrameWriter writer;

    private SourceConnection(PeerEntry source, Socket socket, ClientConversation conversation) {
        this.source = source;
        this.socket = socket;
        this.conversation = conversation;
        // The conversation's reader takes chunks from the socket's channel straight into the
        // caller's buffer; the channel keeps to no read timeout, so callers watch for stalls
        // (StallWatchdog).
        this.reader = conversation.reader();
        this.writer = conversation.writer();
    }

    /** How long connecting, the TLS handshake and the {@code welcome} may take in all, at most. */
    public static final Duration HANDSHAKE_LIMIT = Duration.ofSeconds(10);

    /** The slowest a manifest's payload may arrive, in bytes a second, beyond the limit on its header. */
    public static final int MANIFEST_MIN_RATE = 256 * 1024;

    /**
     * Connects to {@code source}, which must prove the id the tracker listed for it, and shakes
     * hands, within {@link #HANDSHAKE_LIMIT}.
     *
     * @throws dev.p2pshare.protocol.tls.UnexpectedIdentityException if another node answers at
     *     the source's address
     */
    public static SourceConnection open(Transport transport, PeerEntry source) throws IOException {
        return open(transport, source, HANDSHAKE_LIMIT);
    }

    /**
     * As {@link #open(Transport, PeerEntry)}, with {@code limit} in all for connecting, the TLS
     * handshake and the {@code welcome}: a source that is silent, or answers a byte now and then,
     * is given up at the limit.
     *
     * @throws java.net.SocketTimeoutException past the limit
     */
    public static SourceConnection open(Transport transport, PeerEntry source, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        Socket socket = transport.connect(new Endpoint(source.host(), source.port()).toSocketAddress(),
                "the peer " + source.name() + " at " + source.host() + ":" + source.port(), Optional.of(source.id()),
                limit);
        try {
            ClientConversation conversation = ClientConversation.over(socket);
            conversation.handshake(Release.agent(), left(deadline), (theirs, ours) -> new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION, "speaks protocol version " + theirs + ", this peer " + ours));
            return new SourceConnection(source, socket, conversation);
        } catch (IOException | RuntimeException e) {
            SocketClose.abort(socket);
            throw e;
        }
    }

    private static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }

    /** The peer at the other end. */
    public PeerEntry source() {
        return source;
    }

    /**
     * Sends a {@code ping} and waits for its {@code pong}.
     *
     * @return the round trip
     * @throws ProtocolException if the answer is not the pong of this ping
     */
    public Duration ping() throws IOException {
        int nonce = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
        long start = System.nanoTime();
        Message.Pong pong = conversation.ask(new Message.Ping(nonce), Message.Pong.class);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
        if (pong.nonce() != nonce) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "answered ping " + nonce + " with the pong of "
                    + pong.nonce());
        }
        return roundTrip;
    }

    /**
     * Fetches the manifest of file {@code id}, its header within {@code headerLimit} and its hashes
     * within that again plus their length at {@link #MANIFEST_MIN_RATE}. The size it
     * states is trusted only because the id commits to it: a manifest whose size and hashes do
     * not hash to {@code id} is refused.
     *
     * @throws ProtocolException if the source sends the manifest of another file, or one that
     *     does not hash to {@code id}
     */
    public Manifest manifest(FileId id, Duration headerLimit) throws IOException {
        writer.send(new Message.ManifestRequest(id));
        Frame frame = Deadlines.within(socket, headerLimit, "manifest's header", reader::next);
        Message.ManifestData data = Answers.expect(frame.message(), Message.ManifestData.class);
        if (!data.id().equals(id)) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "asked for the manifest of " + id.shortHex()
                    + ", got the one of " + data.id().shortHex());
        }
        Duration payloadLimit = headerLimit.plusMillis(frame.payloadLength() * 1000L / MANIFEST_MIN_RATE);
        byte[] hashes = Deadlines.within(socket, payloadLimit, "manifest", reader::readPayload);
        Manifest manifest;
        try {
            manifest = Manifest.of(data.size(), hashes);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "sent a manifest that is not one: " + e.getMessage());
        }
        if (!manifest.id().equals(id)) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "sent a manifest that does not match file id "
                    + id.shortHex());
        }
        return manifest;
    }

    /**
     * Asks which chunks of file {@code id} (of {@code size} bytes, as its manifest says) the source
     * has. Only when no request is outstanding: answers come in order.
     */
    public BitSet have(FileId id, long size) throws IOException {
        requestHave(id);
        flush();
        return readHave(id, size);
    }

    /**
     * Queues a request for which chunks of file {@code id} the source has; {@link #flush} sends it,
     * and {@link #readHave} reads the answer once every request queued before it is answered.
     */
    public void requestHave(FileId id) throws IOException {
        writer.write(new Message.HaveRequest(id));
    }

    /**
     * Reads the answer to the oldest outstanding request, which must be a {@link #requestHave} for
     * file {@code id} of {@code size} bytes: the chunks the source has.
     */
    public BitSet readHave(FileId id, long size) throws IOException {
        Frame frame = reader.next();
        Message.HaveData data = Answers.expect(frame.message(), Message.HaveData.class);
        byte[] bitfield = reader.readPayload();
        if (!data.id().equals(id) || data.size() != size) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "asked which chunks of " + id.shortHex()
                    + " it has, got an answer about " + data.id().shortHex() + " of " + data.size() + " bytes");
        }
        return Bitfields.decode(bitfield, size);
    }

    /**
     * From now on, reads on this connection wait as long as it takes, with no read timeout: the
     * caller must watch for a stalled source itself and close the connection (as a download's
     * stall watchdog does). A read timeout on a TCP socket backed by a channel costs two system
     * calls on every read, switching the socket to non-blocking and back; over TLS that is two
     * for every record.
     */
    public void watchedByCaller() throws IOException {
        socket.setSoTimeout(0);
    }

    /** Queues a request for chunk {@code index} of file {@code id}; {@link #flush} sends it. */
    public void requestChunk(FileId id, int index) throws IOException {
        writer.write(new Message.ChunkRequest(id, index));
    }

    /** Sends the queued requests. */
    public void flush() throws IOException {
        writer.flush();
    }

    /**
     * A buffer for {@link #readChunk} that the bytes reach with the fewest copies on this
     * connection: one the socket's channel reads into directly on a plaintext connection, an array
     * the decrypted bytes are read into, hashed from and written from on a TLS one.
     */
    public ByteBuffer chunkBuffer() {
        return reader.readsFromChannel() ? ByteBuffer.allocateDirect(Manifest.CHUNK_SIZE)
                : ByteBuffer.allocate(Manifest.CHUNK_SIZE);
    }

    /**
     * Reads the answer to the oldest outstanding chunk request, which must be for chunk
     * {@code index} of {@code id} and be {@code length} bytes long, into {@code buffer} from its
     * position. A direct buffer takes the bytes with no copy in this process. Reading a chunk can
     * block for as long as the source stalls: whoever reads watches for that.
     */
    public void readChunk(FileId id, int index, int length, ByteBuffer buffer) throws IOException {
        Frame frame = reader.next();
        Message.ChunkData chunk = Answers.expect(frame.message(), Message.ChunkData.class);
        if (!chunk.id().equals(id) || chunk.index() != index || frame.payloadLength() != length) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "asked for chunk " + index + " of " + id.shortHex()
                    + " (" + length + " bytes), got chunk " + chunk.index() + " of " + chunk.id().shortHex() + " ("
                    + frame.payloadLength() + " bytes)");
        }
        reader.readPayload(buffer);
    }

    @Override
    public void close() throws IOException {
        // Called from other threads too (a stalled source, a stopped download), while this
        // connection's reader may be blocked on it: end it under that read.
        conversation.abort();
    }
}

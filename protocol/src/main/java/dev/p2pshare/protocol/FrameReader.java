package dev.p2pshare.protocol;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads frames from a stream. A frame is a JSON header and an optional raw payload:
 *
 * <pre>
 *  0               4               8                 8 + H             8 + H + P
 *  +---------------+---------------+-----------------+-----------------+
 *  | header length | payload length| header          | payload         |
 *  | H: u32, big   | P: u32, big   | H bytes, UTF-8  | P raw bytes     |
 *  | endian        | endian        | JSON object     | (may be empty)  |
 *  +---------------+---------------+-----------------+-----------------+
 * </pre>
 *
 * <p>Both lengths are checked against {@link Limits} before anything is allocated; the header
 * buffer then grows only as bytes actually arrive, so a sender that announces a large header but
 * sends little costs little. After the header is decoded, the payload length is checked against
 * what the message type allows ({@link Frame#payloadProblem}). Any violation is a
 * {@link ProtocolException} whose code says what to report before closing.
 *
 * <p>The payload of a frame must be consumed ({@link #readPayload}, {@link #skipPayload}) before
 * the next {@link #next}. Not thread-safe: one reader per connection. Closing is the caller's job.
 */
public final class FrameReader {

    /** The buffer a reader has unless told otherwise: room for chunks to arrive in large reads. */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

    /**
     * The first piece of a header an unbuffered reader takes, and the piece it skips a payload
     * in: a header grows from it only as its bytes arrive.
     */
    private static final int UNBUFFERED_PIECE_BYTES = 1024;

    private final InputStream in;
    private final Buffered buffered;
    private final int bufferBytes;
    private final ReadableByteChannel channel;
    private byte[] scratch;
    private final byte[] prefix = new byte[8];
    private int unreadPayload;
    private long framedBytes;

    /** A reader of {@code in}, which it buffers; the caller keeps ownership. */
    public FrameReader(InputStream in) {
        this(in, null);
    }

    /**
     * A reader of {@code in}, which it buffers, that reads payloads into a {@link ByteBuffer} from
     * {@code channel} when it can: the channel {@code in} reads from (a socket's), or null to read
     * everything through {@code in}. Reads from the channel do not keep to a socket's read
     * timeout: whoever gives one watches for a stalled connection. The caller keeps ownership of
     * both.
     */
    public FrameReader(InputStream in, ReadableByteChannel channel) {
        this(in, channel, DEFAULT_BUFFER_BYTES);
    }

    /**
     * As {@link #FrameReader(InputStream, ReadableByteChannel)}, with a buffer of
     * {@code bufferBytes}: small for a connection that carries only small messages, so that many
     * of them fit in memory.
     */
    public FrameReader(InputStream in, ReadableByteChannel channel, int bufferBytes) {
        if (bufferBytes < 512) {
            throw new IllegalArgumentException("a frame reader's buffer is 512 bytes or more, not " + bufferBytes);
        }
        this.buffered = new Buffered(in, bufferBytes);
        this.in = buffered;
        this.channel = channel;
        this.bufferBytes = bufferBytes;
    }

    /** A reader of {@code in} with no buffer of its own, reading headers and skipping payloads from pieces of {@code pieceBytes}. */
    private FrameReader(InputStream in, int pieceBytes) {
        this.buffered = null;
        this.in = in;
        this.channel = null;
        this.bufferBytes = pieceBytes;
    }

    /**
     * A reader of {@code in} that holds no buffer between frames: the lengths are read into a
     * small array of the reader's own, each header into an array of its own length (grown as its
     * bytes arrive), each payload into the caller's. For a stream that buffers what it reads
     * already, such as a TLS socket's, which holds the record it decrypted last: a server holding
     * thousands of idle connections then holds no frame buffer for any of them. Over a plain
     * socket each frame costs a few more reads. The caller keeps ownership of {@code in}.
     */
    public static FrameReader unbuffered(InputStream in) {
        return new FrameReader(Objects.requireNonNull(in, "in"), UNBUFFERED_PIECE_BYTES);
    }

    /**
     * Reads the next frame's header.
     *
     * @throws EOFException if the stream ended cleanly, before the frame's first byte
     * @throws ProtocolException if the frame breaks the rules, or the stream ends inside it
     * @throws IllegalStateException if the previous frame's payload was not consumed
     */
    public Frame next() throws IOException {
        if (unreadPayload != 0) {
            throw new IllegalStateException("the previous frame's " + unreadPayload + " bytes of payload were not consumed");
        }
        readPrefix();
        long headerLength = unsignedInt(prefix, 0);
        long payloadLength = unsignedInt(prefix, 4);
        if (headerLength < Limits.MIN_HEADER_BYTES || headerLength > Limits.MAX_HEADER_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "header length " + headerLength + " is outside "
                    + Limits.MIN_HEADER_BYTES + " to " + Limits.MAX_HEADER_BYTES);
        }
        if (payloadLength > Limits.MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "payload length " + payloadLength
                    + " is over the limit of " + Limits.MAX_PAYLOAD_BYTES);
        }
        byte[] header = readGrowing((int) headerLength);
        Message message = MessageCodec.decode(header);
        Optional<String> problem = Frame.payloadProblem(message, payloadLength);
        if (problem.isPresent()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, problem.get());
        }
        unreadPayload = (int) payloadLength;
        framedBytes += prefix.length + headerLength + payloadLength;
        return new Frame(message, unreadPayload);
    }

    /**
     * The bytes of every frame returned by {@link #next} so far: length prefixes, headers and
     * payloads (counted whole when the frame is returned, read or skipped later).
     */
    public long framedBytes() {
        return framedBytes;
    }

    /**
     * Reads the current frame's whole payload into {@code buffer} from {@code offset}.
     *
     * @throws ProtocolException if the stream ends inside the payload
     */
    public void readPayload(byte[] buffer, int offset) throws IOException {
        if (buffer.length - offset < unreadPayload) {
            throw new IllegalArgumentException("the buffer has room for " + (buffer.length - offset)
                    + " bytes, the payload is " + unreadPayload);
        }
        int length = unreadPayload;
        unreadPayload = 0;
        readFully(buffer, offset, length, "payload");
    }

    /** Whether payloads read into a {@link ByteBuffer} come from a channel, straight into it. */
    public boolean readsFromChannel() {
        return channel != null;
    }

    /**
     * Reads the current frame's whole payload into {@code target} from its position, which moves
     * past it. A direct buffer filled from the channel costs no copy in this process.
     *
     * @throws ProtocolException if the stream ends inside the payload
     */
    public void readPayload(ByteBuffer target) throws IOException {
        if (target.remaining() < unreadPayload) {
            throw new IllegalArgumentException("the buffer has room for " + target.remaining()
                    + " bytes, the payload is " + unreadPayload);
        }
        int length = unreadPayload;
        unreadPayload = 0;
        int limit = target.limit();
        target.limit(target.position() + length);
        try {
            if (buffered != null) {
                buffered.drainTo(target);
            }
            if (channel != null) {
                while (target.hasRemaining()) {
                    if (channel.read(target) < 0) {
                        throw new TruncatedFrameException("the stream ended inside the payload ("
                                + (length - target.remaining()) + " of " + length + " bytes)");
                    }
                }
            } else if (target.hasArray()) {
                int start = target.position();
                readFully(target.array(), target.arrayOffset() + start, target.remaining(), "payload");
                target.position(target.limit());
            } else {
                // Through a reused buffer: a fresh array per megabyte chunk would be a large
                // object for the collector every time.
                byte[] scratch = scratch();
                while (target.hasRemaining()) {
                    int n = Math.min(scratch.length, target.remaining());
                    readFully(scratch, 0, n, "payload");
                    target.put(scratch, 0, n);
                }
            }
        } finally {
            target.limit(limit);
        }
    }

    /** Reads the current frame's whole payload into a new array of exactly its length. */
    public byte[] readPayload() throws IOException {
        byte[] payload = new byte[unreadPayload];
        readPayload(payload, 0);
        return payload;
    }

    /** Reads and drops the current frame's payload. */
    public void skipPayload() throws IOException {
        byte[] scratch = scratch();
        while (unreadPayload > 0) {
            int n = in.read(scratch, 0, Math.min(scratch.length, unreadPayload));
            if (n < 0) {
                throw new TruncatedFrameException("the stream ended inside a payload");
            }
            unreadPayload -= n;
        }
    }

    /** A piece to read payloads through: kept for the next payload, unless this reader holds nothing between frames. */
    private byte[] scratch() {
        if (buffered == null) {
            return new byte[bufferBytes];
        }
        if (scratch == null) {
            scratch = new byte[bufferBytes];
        }
        return scratch;
    }

    /** Reads the two lengths that start a frame, telling a stream that ended between frames from one that ended inside. */
    private void readPrefix() throws IOException {
        int filled = 0;
        while (filled < prefix.length) {
            int n = in.read(prefix, filled, prefix.length - filled);
            if (n < 0) {
                if (filled == 0) {
                    throw new EOFException("the connection was closed");
                }
                throw new TruncatedFrameException("the stream ended inside the frame lengths ("
                        + filled + " of " + prefix.length + " bytes)");
            }
            filled += n;
        }
    }

    /** How many bytes can be read now without blocking: 0 when the other side has nothing queued. */
    public int available() throws IOException {
        return in.available();
    }

    private byte[] readGrowing(int length) throws IOException {
        byte[] buffer = new byte[Math.min(length, bufferBytes)];
        int filled = 0;
        while (filled < length) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(length, buffer.length * 2));
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new TruncatedFrameException("the stream ended inside a header ("
                        + filled + " of " + length + " bytes)");
            }
            filled += n;
        }
        return buffer;
    }

    private void readFully(byte[] buffer, int offset, int length, String what) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, offset + filled, length - filled);
            if (n < 0) {
                throw new TruncatedFrameException("the stream ended inside the " + what
                        + " (" + filled + " of " + length + " bytes)");
            }
            filled += n;
        }
    }

    /** A buffered stream whose buffered bytes can be taken out, before reading on past them elsewhere. */
    private static final class Buffered extends BufferedInputStream {

        Buffered(InputStream in, int bufferBytes) {
            super(in, bufferBytes);
        }

        /** Moves as many buffered bytes as fit into {@code target}. */
        synchronized void drainTo(ByteBuffer target) {
            int n = Math.min(count - pos, target.remaining());
            if (n > 0) {
                target.put(buf, pos, n);
                pos += n;
            }
        }
    }

    private static long unsignedInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFFL) << 24) | ((bytes[offset + 1] & 0xFFL) << 16)
                | ((bytes[offset + 2] & 0xFFL) << 8) | (bytes[offset + 3] & 0xFFL);
    }
}

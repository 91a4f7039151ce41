package dev.p2pshare.protocol;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * Writes frames to a stream, in the layout {@link FrameReader} describes. Frames are buffered
 * until {@link #flush} (or {@link #send}), so that several requests can leave in one packet: in a
 * buffer held for the connection's life, or ({@link #perBurst}) in one held only until the flush.
 * A payload taken from a file can go from the file to a socket's channel without passing through
 * this process ({@code sendfile} on Linux).
 *
 * <p>The stream is a connection's. A failure to write to it is the connection's, however the
 * runtime words it (over TLS a peer that went away shows as a plain {@code IOException: Broken
 * pipe}), so it is thrown as a {@link SocketException}, with the original as its cause; a failure
 * to read a payload's file is not, so that a caller can tell the other side hanging up from this
 * side's own failure.
 *
 * <p>Not thread-safe: callers that share a writer serialize their writes. Closing is the caller's job.
 */
public final class FrameWriter implements Flushable {

    /** The buffer a writer has unless told otherwise: room for chunks to leave in large writes. */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

    /** The piece a file's payload is copied in when it goes through the stream. */
    private static final int FILE_COPY_BYTES = 64 * 1024;

    private final OutputStream out;
    private final WritableByteChannel fileTarget;
    private final Holding holding;
    private final byte[] prefix = new byte[8];
    private long framedBytes;
    private byte[] copyBuffer;
    private boolean cutShort;

    /** A writer to {@code out}, which it buffers; the caller keeps ownership. */
    public FrameWriter(OutputStream out) {
        this(out, null);
    }

    /**
     * A writer to {@code out}, which it buffers, that sends payloads taken from files to
     * {@code channel} instead: the channel {@code out} writes to (a socket's), or null to send them
     * through {@code out} too. The caller keeps ownership of both.
     */
    public FrameWriter(OutputStream out, WritableByteChannel channel) {
        this(out, channel, DEFAULT_BUFFER_BYTES);
    }

    /**
     * As {@link #FrameWriter(OutputStream, WritableByteChannel)}, with a buffer of
     * {@code bufferBytes}: small for a connection that carries only small messages, so that many
     * of them fit in memory. Frames larger than the buffer go out all the same.
     */
    public FrameWriter(OutputStream out, WritableByteChannel channel, int bufferBytes) {
        this(out, channel, bufferBytes, Holding.CONNECTION_LIFE);
    }

    /** How long a writer holds its buffer. */
    private enum Holding {
        /** From construction on, for large writes. */
        CONNECTION_LIFE,
        /** From the first write after a flush to the next flush only. */
        BURST
    }

    private FrameWriter(OutputStream out, WritableByteChannel channel, int bufferBytes, Holding holding) {
        if (bufferBytes < 512) {
            throw new IllegalArgumentException("a frame writer's buffer is 512 bytes or more, not " + bufferBytes);
        }
        OutputStream connection = new ConnectionOutput(out);
        this.out = holding == Holding.BURST ? new BurstBuffer(connection, bufferBytes)
                : new BufferedOutputStream(connection, bufferBytes);
        this.fileTarget = channel;
        this.holding = holding;
    }

    /**
     * A writer to {@code out} that holds a buffer only while frames are pending: taken at the first
     * write after a flush, sized to what is pending, dropped at {@link #flush}. Frames written
     * between two flushes still leave together. Bytes reach {@code out} in writes of at most
     * {@code pieceBytes}: over TLS each write is one record or more, and the JDK's socket keeps a
     * record buffer of about twice the largest write it was given, for the connection's life. For a server holding
     * thousands of connections that carry small messages; chunks want the large, lasting buffer
     * of the constructors. Payloads from files go through {@code out} too. The caller keeps
     * ownership of {@code out}.
     */
    public static FrameWriter perBurst(OutputStream out, int pieceBytes) {
        return new FrameWriter(out, null, pieceBytes, Holding.BURST);
    }

    /** Writes {@code message} as a frame without payload. */
    public void write(Message message) throws IOException {
        write(message, ByteBuffer.allocate(0));
    }

    /**
     * Writes {@code message} as a frame whose payload is the remaining bytes of {@code payload};
     * the buffer's position is left at its limit.
     *
     * @throws IllegalArgumentException if the message type does not allow that payload length
     */
    public void write(Message message, ByteBuffer payload) throws IOException {
        Optional<String> problem = Frame.payloadProblem(message, payload.remaining());
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        writeHeader(message, payload.remaining());
        cutShort = true;
        writePayload(payload);
        cutShort = false;
    }

    /**
     * Writes {@code message} as a frame whose payload is {@code length} bytes of {@code file} from
     * {@code position}. What is buffered is flushed first when the payload goes to a channel.
     *
     * @throws EOFException if the file ends before the payload does (it shrank since its size was
     *     checked): the frame is then cut short, see {@link #cutShort}
     * @throws IllegalArgumentException if the message type does not allow that payload length
     */
    public void write(Message message, FileChannel file, long position, int length) throws IOException {
        write(message, file, position, length, () -> { });
    }

    /** Looks at a payload taken from a file once every byte of it has been read. */
    @FunctionalInterface
    public interface ReadCheck {
        /**
         * Checks that what was read is what the caller means to send.
         *
         * @throws IOException to keep the payload's last bytes back: the frame is then left cut
         *     short (see {@link #cutShort}), and the other side never has the whole payload
         */
        void check() throws IOException;
    }

    /**
     * As {@link #write(Message, FileChannel, long, int)}, calling {@code whenRead} once the whole
     * payload has been read from the file and before its last bytes (up to
     * {@value #FILE_COPY_BYTES}) are written. A file that can change while it is sent can so be
     * checked after the read: if the check fails, the other side gets a frame cut short, never a
     * payload read from a file that changed.
     */
    public void write(Message message, FileChannel file, long position, int length, ReadCheck whenRead)
            throws IOException {
        Optional<String> problem = Frame.payloadProblem(message, length);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        writeHeader(message, length);
        cutShort = true;
        int last = Math.min(length, FILE_COPY_BYTES);
        if (fileTarget == null) {
            copyFromFile(file, position, length - last);
        } else {
            out.flush();
            transferFromFile(file, position, length - last);
        }
        byte[] lastBytes = copyBuffer();
        ByteBuffer held = ByteBuffer.wrap(lastBytes, 0, last);
        long from = position + length - last;
        while (held.hasRemaining()) {
            if (file.read(held, from + held.position()) < 0) {
                throw new EOFException("the file ended " + held.remaining() + " bytes before the payload did");
            }
        }
        whenRead.check();
        out.write(lastBytes, 0, last);
        cutShort = false;
    }

    /** Sends {@code length} bytes of {@code file} from {@code position} straight to the channel ({@code sendfile}). */
    private void transferFromFile(FileChannel file, long position, int length) throws IOException {
        long sent = 0;
        while (sent < length) {
            long n;
            try {
                n = file.transferTo(position + sent, length - sent, fileTarget);
            } catch (IOException e) {
                throw blame(e, file, position + sent);
            }
            if (n <= 0) {
                throw new EOFException("the file ended " + (length - sent) + " bytes before the payload did");
            }
            sent += n;
        }
    }

    /**
     * Says which side a failed file-to-channel transfer broke on: if the file can still be read
     * where the transfer stopped, it was the connection (the other side went away, most likely),
     * and that is a {@link SocketException}; otherwise the file's own failure.
     */
    private static IOException blame(IOException failure, FileChannel file, long position) {
        try {
            file.read(ByteBuffer.allocate(1), position);
        } catch (IOException fileFailure) {
            failure.addSuppressed(fileFailure);
            return failure;
        }
        return ConnectionOutput.failure(failure);
    }

    /**
     * Whether a frame was left unfinished by a failure while its payload was written. The other
     * side can no longer make sense of anything written after it: close the connection.
     */
    public boolean cutShort() {
        return cutShort;
    }

    /** Writes {@code message} as a frame without payload, and flushes. */
    public void send(Message message) throws IOException {
        write(message);
        flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void writeHeader(Message message, int payloadLength) throws IOException {
        byte[] header = MessageCodec.encode(message);
        if (header.length > Limits.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header is " + header.length + " bytes, over the limit of "
                    + Limits.MAX_HEADER_BYTES);
        }
        putInt(prefix, 0, header.length);
        putInt(prefix, 4, payloadLength);
        out.write(prefix);
        out.write(header);
        framedBytes += (long) prefix.length + header.length + payloadLength;
    }

    /**
     * The bytes of every frame written so far, flushed or not: length prefixes, headers and
     * payloads (counted whole once the header is written).
     */
    public long framedBytes() {
        return framedBytes;
    }

    private void writePayload(ByteBuffer payload) throws IOException {
        if (payload.hasArray()) {
            out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            payload.position(payload.limit());
            return;
        }
        byte[] copy = copyBuffer();
        while (payload.hasRemaining()) {
            int n = Math.min(copy.length, payload.remaining());
            payload.get(copy, 0, n);
            out.write(copy, 0, n);
        }
    }

    /**
     * Sends {@code length} bytes of {@code file} through the stream, a buffer at a time: reading
     * the file in large pieces, rather than the few kilobytes a transfer to a stream would take,
     * keeps system calls and, over TLS, short records down.
     */
    private void copyFromFile(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(copyBuffer());
        long copied = 0;
        while (copied < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - copied));
            int n = file.read(buffer, position + copied);
            if (n < 0) {
                throw new EOFException("the file ended " + (length - copied) + " bytes before the payload did");
            }
            out.write(buffer.array(), 0, n);
            copied += n;
        }
    }

    /** A piece to copy payloads through: kept for the next payload, unless this writer holds buffers per burst only. */
    private byte[] copyBuffer() {
        if (holding == Holding.BURST) {
            return new byte[FILE_COPY_BYTES];
        }
        if (copyBuffer == null) {
            copyBuffer = new byte[FILE_COPY_BYTES];
        }
        return copyBuffer;
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }
}

package dev.p2pshare.protocol;

import java.io.BufferedOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Writes frames to a stream, in the layout {@link FrameReader} describes. Frames are buffered
 * until {@link #flush} (or {@link #send}), so that several requests can leave in one packet.
 *
 * <p>Not thread-safe: callers that share a writer serialize their writes. Closing is the caller's job.
 */
public final class FrameWriter implements Flushable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream out;
    private final byte[] prefix = new byte[8];
    private byte[] copyBuffer;

    /** A writer to {@code out}, which it buffers; the caller keeps ownership. */
    public FrameWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
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
        byte[] header = MessageCodec.encode(message);
        if (header.length > Limits.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header is " + header.length + " bytes, over the limit of "
                    + Limits.MAX_HEADER_BYTES);
        }
        putInt(prefix, 0, header.length);
        putInt(prefix, 4, payload.remaining());
        out.write(prefix);
        out.write(header);
        writePayload(payload);
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

    private void writePayload(ByteBuffer payload) throws IOException {
        if (payload.hasArray()) {
            out.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            payload.position(payload.limit());
            return;
        }
        if (copyBuffer == null) {
            copyBuffer = new byte[BUFFER_BYTES];
        }
        while (payload.hasRemaining()) {
            int n = Math.min(copyBuffer.length, payload.remaining());
            payload.get(copyBuffer, 0, n);
            out.write(copyBuffer, 0, n);
        }
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }
}

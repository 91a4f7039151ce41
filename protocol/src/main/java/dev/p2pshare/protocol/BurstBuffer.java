package dev.p2pshare.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An output stream that holds a buffer only while bytes are pending: one is taken at the first
 * write after a flush, no larger than what is pending (up to {@code pieceBytes}), and dropped at
 * the next flush. Bytes leave in writes of at most {@code pieceBytes}, so that a stream below that
 * sizes its own buffers to the largest write it was given (a TLS socket's record buffer does, and
 * keeps it) is never given more.
 *
 * <p>Not thread-safe. Closing is the caller's job: closing this stream closes nothing.
 */
final class BurstBuffer extends OutputStream {

    /** The smallest buffer taken: room for a few small frames. */
    private static final int FIRST_BUFFER_BYTES = 512;

    private final OutputStream out;
    private final int pieceBytes;
    private byte[] pending;
    private int count;

    /** A stream writing to {@code out} in writes of at most {@code pieceBytes}. */
    BurstBuffer(OutputStream out, int pieceBytes) {
        if (pieceBytes < FIRST_BUFFER_BYTES) {
            throw new IllegalArgumentException("a burst buffer's piece is " + FIRST_BUFFER_BYTES
                    + " bytes or more, not " + pieceBytes);
        }
        this.out = Objects.requireNonNull(out, "out");
        this.pieceBytes = pieceBytes;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        while (length > 0) {
            int n = Math.min(length, pieceBytes - count);
            ensureRoom(count + n, length);
            System.arraycopy(bytes, offset, pending, count, n);
            count += n;
            offset += n;
            length -= n;
            if (count == pieceBytes) {
                count = 0;
                out.write(pending, 0, pieceBytes);
            }
        }
    }

    /** Writes what is pending, drops the buffer, and flushes the stream below. */
    @Override
    public void flush() throws IOException {
        try {
            if (count > 0) {
                out.write(pending, 0, count);
            }
        } finally {
            pending = null;
            count = 0;
        }
        out.flush();
    }

    /** Whether a buffer is held: only between a write and the next flush. */
    boolean holdsBuffer() {
        return pending != null;
    }

    /** Grows the buffer to hold {@code needed} bytes, doubling, and with a view to the {@code coming} bytes. */
    private void ensureRoom(int needed, int coming) {
        if (pending == null) {
            pending = new byte[Math.min(pieceBytes, Math.max(FIRST_BUFFER_BYTES, coming))];
        } else if (pending.length < needed) {
            pending = Arrays.copyOf(pending, Math.min(pieceBytes, Math.max(needed, pending.length * 2)));
        }
    }
}

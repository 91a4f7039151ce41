package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader that holds no buffer between frames and the writer that holds one only until the
 * flush: the same bytes on the wire as the buffered ones, nothing read ahead, nothing kept.
 */
class FramesPerBurstTest {

    private static final Message.Register REGISTER = register(1000);

    private static Message.Register register(int files) {
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            entries.add(new FileEntry(FileId.of(String.format("%064x", i + 1)), "file number " + i + ".bin", i + 1));
        }
        return new Message.Register("many files", 7000, entries);
    }

    private static Message.AnnouncePartial partial() {
        return new Message.AnnouncePartial(new FileEntry(FileId.of("7".repeat(64)), "big.iso",
                3000L * 8 * Manifest.CHUNK_SIZE));
    }

    private static byte[] bitfield() {
        byte[] bitfield = new byte[3000];
        Arrays.fill(bitfield, (byte) 0x5a);
        return bitfield;
    }

    /** What the buffered writer puts on the wire for a heartbeat, the large register and a partial announce. */
    private static byte[] bufferedFrames() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink);
        writer.write(new Message.Heartbeat());
        writer.write(REGISTER);
        writer.write(partial(), ByteBuffer.wrap(bitfield()));
        writer.flush();
        return sink.toByteArray();
    }

    /** A stream that gives at most one byte per read, as a slow connection may. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }

    /** A sink that remembers the length of every write it is given. */
    private static final class RecordingSink extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            writes.add(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            writes.add(length);
            bytes.write(buffer, offset, length);
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void unbufferedReaderReadsFramesArrivingOneByteAtATime() throws IOException {
        FrameReader reader = FrameReader.unbuffered(oneByteAtATime(bufferedFrames()));

        assertThat(reader.next().message()).isEqualTo(new Message.Heartbeat());
        assertThat(reader.next().message()).isEqualTo(REGISTER);
        assertThat(reader.next()).isEqualTo(new Frame(partial(), 3000));
        assertThat(reader.readPayload()).isEqualTo(bitfield());
        assertThatThrownBy(reader::next).isExactlyInstanceOf(EOFException.class);
        assertThat(reader.framedBytes()).isEqualTo(bufferedFrames().length);
    }

    @Test
    void unbufferedReaderReadsNothingPastTheFrameItReturns() throws IOException {
        byte[] frames = bufferedFrames();
        ByteArrayInputStream in = new ByteArrayInputStream(frames);
        FrameReader reader = FrameReader.unbuffered(in);

        reader.next();

        int heartbeatFrame = 8 + MessageCodec.encode(new Message.Heartbeat()).length;
        assertThat(in.available()).isEqualTo(frames.length - heartbeatFrame);
        assertThat(reader.available()).isEqualTo(frames.length - heartbeatFrame);
    }

    @Test
    void unbufferedReaderSkipsAPayloadToTheNextFrame() throws IOException {
        FrameReader reader = FrameReader.unbuffered(oneByteAtATime(bufferedFrames()));
        reader.next();
        reader.next();
        reader.next();

        reader.skipPayload();

        assertThatThrownBy(reader::next).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void unbufferedReaderTakesOnlyAKibibyteForAnAnnouncedHeaderThatDoesNotCome() {
        byte[] liar = ByteBuffer.allocate(8 + 100).putInt(Limits.MAX_HEADER_BYTES).putInt(0).array();
        int[] largestArray = {0};
        InputStream recording = new ByteArrayInputStream(liar) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                largestArray[0] = Math.max(largestArray[0], buffer.length);
                return super.read(buffer, offset, length);
            }
        };

        assertThatThrownBy(() -> FrameReader.unbuffered(recording).next())
                .isInstanceOf(TruncatedFrameException.class)
                .hasMessageContaining("100 of " + Limits.MAX_HEADER_BYTES + " bytes");
        assertThat(largestArray[0]).isEqualTo(1024);
    }

    @Test
    void unbufferedReaderTellsAStreamEndingInsideTheLengthsFromOneEndingBetweenFrames() {
        assertThatThrownBy(() -> FrameReader.unbuffered(new ByteArrayInputStream(new byte[0])).next())
                .isExactlyInstanceOf(EOFException.class);
        assertThatThrownBy(() -> FrameReader.unbuffered(oneByteAtATime(new byte[] {0, 0, 0})).next())
                .isInstanceOf(TruncatedFrameException.class)
                .hasMessageContaining("frame lengths (3 of 8 bytes)");
    }

    @Test
    void perBurstWriterPutsTheSameBytesOnTheWireInPiecesNoLargerThanItsPiece() throws IOException {
        RecordingSink sink = new RecordingSink();
        FrameWriter writer = FrameWriter.perBurst(sink, 4096);

        writer.write(new Message.Heartbeat());
        writer.write(REGISTER);
        writer.write(partial(), ByteBuffer.wrap(bitfield()));
        writer.flush();

        assertThat(sink.bytes.toByteArray()).isEqualTo(bufferedFrames());
        assertThat(sink.writes).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(4096));
        assertThat(sink.writes.size()).isGreaterThan(bufferedFrames().length / 4096);
        assertThat(writer.framedBytes()).isEqualTo(bufferedFrames().length);
    }

    @Test
    void perBurstWriterSendsSmallFramesOfOneBurstInOneWriteAtTheFlush() throws IOException {
        RecordingSink sink = new RecordingSink();
        FrameWriter writer = FrameWriter.perBurst(sink, 4096);

        writer.write(new Message.Ok());
        writer.write(new Message.Ok());
        assertThat(sink.writes).isEmpty();
        writer.flush();

        byte[] ok = MessageCodec.encode(new Message.Ok());
        ByteBuffer expected = ByteBuffer.allocate(2 * (8 + ok.length));
        expected.putInt(ok.length).putInt(0).put(ok).putInt(ok.length).putInt(0).put(ok);
        assertThat(sink.bytes.toByteArray()).isEqualTo(expected.array());
        assertThat(sink.writes).containsExactly(expected.capacity());
        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void burstBufferHoldsABufferOnlyFromAWriteToTheNextFlush() throws IOException {
        RecordingSink sink = new RecordingSink();
        BurstBuffer buffer = new BurstBuffer(sink, 4096);
        assertThat(buffer.holdsBuffer()).isFalse();

        buffer.write(new byte[] {1, 2, 3}, 0, 3);
        assertThat(buffer.holdsBuffer()).isTrue();
        buffer.flush();
        assertThat(buffer.holdsBuffer()).isFalse();

        buffer.write(new byte[10_000], 0, 10_000);
        buffer.flush();
        assertThat(buffer.holdsBuffer()).isFalse();
        assertThat(sink.writes).containsExactly(3, 4096, 4096, 10_000 - 2 * 4096);
    }

    @Test
    void burstBufferDropsItsBufferWhenTheFlushFails() throws IOException {
        BurstBuffer buffer = new BurstBuffer(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("gone");
            }
        }, 4096);
        buffer.write(new byte[] {1, 2, 3}, 0, 3);

        assertThatThrownBy(buffer::flush).isInstanceOf(IOException.class);
        assertThat(buffer.holdsBuffer()).isFalse();
    }

    @Test
    void piecesSmallerThanHalfAKibibyteAreRefused() {
        assertThatThrownBy(() -> FrameWriter.perBurst(new ByteArrayOutputStream(), 511))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

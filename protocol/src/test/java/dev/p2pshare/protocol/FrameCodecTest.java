package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames written and read back, and one test for each way a frame can be wrong. */
class FrameCodecTest {

    private static final FileId ID = FileId.of("b".repeat(64));

    private static byte[] frame(long headerLength, long payloadLength, byte[] header, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + payload.length);
        buffer.putInt((int) headerLength).putInt((int) payloadLength).put(header).put(payload);
        return buffer.array();
    }

    private static byte[] frame(String json, byte[] payload) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return frame(header.length, payload.length, header, payload);
    }

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes));
    }

    private static ProtocolException failure(byte[] bytes) {
        try {
            reader(bytes).next();
        } catch (ProtocolException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected a ProtocolException, got " + e, e);
        }
        throw new AssertionError("the frame was accepted");
    }

    @Test
    void framesRoundTripWithAndWithoutPayload() throws IOException {
        byte[] chunk = {1, 2, 3, 4, 5};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink);
        writer.write(new Message.ChunkRequest(ID, 7));
        writer.write(new Message.ChunkData(ID, 7), ByteBuffer.wrap(chunk));
        writer.write(new Message.Heartbeat());
        writer.flush();

        FrameReader reader = reader(sink.toByteArray());
        assertThat(reader.next()).isEqualTo(new Frame(new Message.ChunkRequest(ID, 7), 0));
        assertThat(reader.next()).isEqualTo(new Frame(new Message.ChunkData(ID, 7), 5));
        assertThat(reader.readPayload()).containsExactly(chunk);
        assertThat(reader.next().message()).isEqualTo(new Message.Heartbeat());
        assertThatThrownBy(reader::next).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void smallBuffersCarryFramesManyTimesTheirSize() throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            files.add(new FileEntry(FileId.of(String.format("%064x", i + 1)), "file number " + i + ".bin", i + 1));
        }
        Message.Register register = new Message.Register("many files", 7000, files);
        byte[] bitfield = new byte[3000];
        Arrays.fill(bitfield, (byte) 0x5a);
        Message.AnnouncePartial partial = new Message.AnnouncePartial(
                new FileEntry(FileId.of("7".repeat(64)), "big.iso", 3000L * 8 * Manifest.CHUNK_SIZE));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink, null, 512);
        writer.write(register);
        writer.write(partial, ByteBuffer.wrap(bitfield));
        writer.flush();

        FrameReader reader = new FrameReader(new ByteArrayInputStream(sink.toByteArray()), null, 512);
        assertThat(reader.next().message()).isEqualTo(register);
        assertThat(reader.next().message()).isEqualTo(partial);
        assertThat(reader.readPayload()).isEqualTo(bitfield);
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
    }

    @Test
    void bothEndsCountTheBytesOfTheirFrames() throws IOException {
        byte[] payload = new byte[1000];
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink);
        writer.write(new Message.Heartbeat());
        long afterFirst = writer.framedBytes();
        writer.write(new Message.AnnouncePartial(new FileEntry(FileId.of("7".repeat(64)), "big.iso",
                8000L * Manifest.CHUNK_SIZE)), ByteBuffer.wrap(payload));
        writer.flush();
        assertThat(afterFirst).isEqualTo(8 + MessageCodec.encode(new Message.Heartbeat()).length);
        assertThat(writer.framedBytes()).isEqualTo(sink.size());

        FrameReader reader = new FrameReader(new ByteArrayInputStream(sink.toByteArray()));
        reader.next();
        assertThat(reader.framedBytes()).isEqualTo(afterFirst);
        reader.next();
        // A frame is counted whole when it is returned, its payload not yet read.
        assertThat(reader.framedBytes()).isEqualTo(sink.size());
    }

    @Test
    void buffersSmallerThanHalfAKibibyteAreRefused() {
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(new byte[0]), null, 511))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameWriter(new ByteArrayOutputStream(), null, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void frameLayoutIsTwoBigEndianLengthsThenHeaderThenPayload() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink);
        writer.write(new Message.ChunkData(ID, 0), ByteBuffer.wrap(new byte[] {9, 8}));
        writer.flush();
        byte[] header = MessageCodec.encode(new Message.ChunkData(ID, 0));
        assertThat(sink.toByteArray()).containsExactly(frame(header.length, 2, header, new byte[] {9, 8}));
    }

    @Test
    void headerLengthOverTheLimitIsRefusedBeforeReadingIt() {
        ProtocolException e = failure(frame(Limits.MAX_HEADER_BYTES + 1L, 0, new byte[0], new byte[0]));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.getMessage()).contains("header length 1048577");
    }

    @Test
    void lengthsWithTheTopBitSetAreHugeNotNegative() {
        assertThat(failure(frame(0xFFFF_FFFFL, 0, new byte[0], new byte[0])).getMessage())
                .contains("header length 4294967295");
        assertThat(failure(frame(2, 0x8000_0000L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0])).getMessage())
                .contains("payload length 2147483648");
    }

    @Test
    void headerShorterThanAnObjectIsRefused() {
        assertThat(failure(frame(1, 0, new byte[] {'{'}, new byte[0])).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void payloadOverTheFrameCapIsRefusedBeforeReadingTheHeader() {
        byte[] header = "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.UTF_8);
        ProtocolException e = failure(frame(header.length, Limits.MAX_PAYLOAD_BYTES + 1L, header, new byte[0]));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void payloadOnAMessageThatTakesNoneIsRefused() {
        ProtocolException e = failure(frame("{\"type\":\"heartbeat\"}", new byte[3]));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.getMessage()).isEqualTo("a 'heartbeat' message carries no payload, not 3 bytes");
    }

    @Test
    void manifestPayloadMustHoldExactlyOneHashPerChunk() {
        String manifest = "{\"type\":\"manifest\",\"id\":\"" + ID + "\",\"size\":2097153}";
        assertThat(failure(frame(manifest, new byte[64])).getMessage())
                .isEqualTo("a manifest of a 2097153-byte file carries 96 bytes of payload, not 64");
    }

    @Test
    void chunkPayloadMustBeOneByteToOneChunk() {
        String chunk = "{\"type\":\"chunk\",\"id\":\"" + ID + "\",\"index\":0}";
        assertThat(failure(frame(chunk, new byte[0])).code()).isEqualTo(ErrorCode.BAD_FRAME);
        byte[] header = chunk.getBytes(StandardCharsets.UTF_8);
        assertThat(failure(frame(header.length, Manifest.CHUNK_SIZE + 1L, header, new byte[0])).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void haveAndAnnouncePartialCarryExactlyTheFilesBitfield() {
        String have = "{\"type\":\"have\",\"id\":\"" + ID + "\",\"size\":" + (9L * Manifest.CHUNK_SIZE) + "}";
        assertThat(failure(frame(have, new byte[1])).getMessage())
                .isEqualTo("a 'have' for a 9437184-byte file carries 2 bytes of payload, not 1");
        String partial = "{\"type\":\"announce-partial\",\"file\":{\"id\":\"" + ID
                + "\",\"name\":\"a\",\"size\":1}}";
        assertThat(failure(frame(partial, new byte[0])).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void streamEndingInsideTheLengthsIsATruncatedFrame() {
        ProtocolException e = failure(new byte[] {0, 0, 0});
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.getMessage()).contains("ended inside the frame lengths");
    }

    @Test
    void streamEndingInsideTheHeaderIsATruncatedFrame() {
        byte[] whole = frame("{\"type\":\"heartbeat\"}", new byte[0]);
        assertThat(failure(Arrays.copyOf(whole, whole.length - 3)).getMessage()).contains("ended inside a header");
    }

    @Test
    void streamEndingInsideThePayloadIsATruncatedFrame() throws IOException {
        byte[] whole = frame("{\"type\":\"chunk\",\"id\":\"" + ID + "\",\"index\":0}", new byte[10]);
        FrameReader reader = reader(Arrays.copyOf(whole, whole.length - 4));
        assertThat(reader.next().payloadLength()).isEqualTo(10);
        assertThatThrownBy(reader::readPayload).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("ended inside the payload");
    }

    @Test
    void garbageIsABadMessage() {
        byte[] garbage = "this is not json at all".getBytes(StandardCharsets.UTF_8);
        assertThat(failure(frame(garbage.length, 0, garbage, new byte[0])).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void unknownTypeIsABadMessage() {
        assertThat(failure(frame("{\"type\":\"format-disk\"}", new byte[0])).code()).isEqualTo(ErrorCode.BAD_MESSAGE);
    }

    @Test
    void cleanEndBeforeAFrameIsEndOfStream() {
        assertThatThrownBy(() -> reader(new byte[0]).next()).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void announcedHeaderIsNotAllocatedUpFront() throws IOException {
        // A sender that announces the largest header and then sends nothing more costs one read buffer.
        byte[] prefix = ByteBuffer.allocate(8).putInt(Limits.MAX_HEADER_BYTES).putInt(0).array();
        int[] largestRead = {0};
        InputStream recording = new ByteArrayInputStream(prefix) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                largestRead[0] = Math.max(largestRead[0], buffer.length);
                return super.read(buffer, offset, length);
            }
        };
        assertThatThrownBy(() -> new FrameReader(recording).next()).isInstanceOf(ProtocolException.class);
        assertThat(largestRead[0]).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void unreadPayloadBlocksTheNextFrame() throws IOException {
        FrameReader reader = reader(frame("{\"type\":\"chunk\",\"id\":\"" + ID + "\",\"index\":0}", new byte[4]));
        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void skippedPayloadLeavesTheStreamAtTheNextFrame() throws IOException {
        byte[] first = frame("{\"type\":\"chunk\",\"id\":\"" + ID + "\",\"index\":0}", new byte[4]);
        byte[] second = frame("{\"type\":\"ok\"}", new byte[0]);
        ByteBuffer both = ByteBuffer.allocate(first.length + second.length).put(first).put(second);
        FrameReader reader = reader(both.array());
        reader.next();
        reader.skipPayload();
        assertThat(reader.next().message()).isEqualTo(new Message.Ok());
    }

    @Test
    void writerRefusesAPayloadTheTypeDoesNotAllow() {
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> writer.write(new Message.Ok(), ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failureToWriteToTheConnectionIsASocketExceptionHoweverTheRuntimeWordsIt() {
        OutputStream hungUp = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("An established connection was aborted by the software in your host machine");
            }
        };
        FrameWriter writer = new FrameWriter(hungUp);
        assertThatThrownBy(() -> writer.send(new Message.Heartbeat()))
                .isInstanceOf(SocketException.class)
                .hasMessageContaining("connection was aborted")
                .cause().isExactlyInstanceOf(IOException.class);
    }
}

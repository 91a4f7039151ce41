package dev.p2pshare.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payloads sent from a file and read into a buffer, past the writer's and reader's own buffers. */
class DirectPayloadTest {

    private static final FileId ID = FileId.of("c".repeat(64));
    /** Larger than the 64 KiB the reader buffers, so that a payload is read partly from each side. */
    private static final int LENGTH = 300_000;

    @TempDir
    Path folder;

    private byte[] content() {
        byte[] content = new byte[LENGTH + 1000];
        new Random(7).nextBytes(content);
        return content;
    }

    private byte[] expectedFrames(byte[] content) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(expected);
        writer.write(new Message.ChunkRequest(ID, 1));
        writer.write(new Message.ChunkData(ID, 1), ByteBuffer.wrap(content, 1000, LENGTH));
        writer.write(new Message.Heartbeat());
        writer.flush();
        return expected.toByteArray();
    }

    /** Writes the frames of {@link #expectedFrames} with the chunk's payload taken from a file. */
    private void writeFromFile(FrameWriter writer, byte[] content) throws IOException {
        Path file = Files.write(folder.resolve("data"), content);
        try (FileChannel channel = FileChannel.open(file)) {
            writer.write(new Message.ChunkRequest(ID, 1));
            writer.write(new Message.ChunkData(ID, 1), channel, 1000, LENGTH);
        }
        writer.write(new Message.Heartbeat());
        writer.flush();
    }

    @Test
    void filePayloadGoesOutAsIfFromABuffer() throws IOException {
        byte[] content = content();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink);
        writeFromFile(writer, content);
        assertThat(sink.toByteArray()).isEqualTo(expectedFrames(content));
        assertThat(writer.cutShort()).isFalse();
    }

    @Test
    void filePayloadToAChannelFollowsWhatWasBufferedBeforeIt() throws IOException {
        byte[] content = content();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        writeFromFile(new FrameWriter(sink, Channels.newChannel(sink)), content);
        assertThat(sink.toByteArray()).isEqualTo(expectedFrames(content));
    }

    @Test
    void fileThatEndsBeforeThePayloadLeavesTheFrameCutShort() throws IOException {
        Path file = Files.write(folder.resolve("short"), new byte[LENGTH - 1]);
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream());
        try (FileChannel channel = FileChannel.open(file)) {
            assertThatThrownBy(() -> writer.write(new Message.ChunkData(ID, 0), channel, 0, LENGTH))
                    .isInstanceOf(EOFException.class).hasMessageContaining("1 bytes before the payload did");
        }
        assertThat(writer.cutShort()).isTrue();
    }

    @Test
    void theCheckComesOnceTheWholePayloadIsRead() throws IOException {
        byte[] content = content();
        for (boolean toChannel : new boolean[] {false, true}) {
            Path file = Files.write(folder.resolve("data"), content);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            FrameWriter writer = toChannel ? new FrameWriter(sink, Channels.newChannel(sink)) : new FrameWriter(sink);
            try (FileChannel channel = FileChannel.open(file)) {
                writer.write(new Message.ChunkRequest(ID, 1));
                // Whatever the file holds once the check runs is not sent: it was read before.
                writer.write(new Message.ChunkData(ID, 1), channel, 1000, LENGTH,
                        () -> Files.write(file, new byte[content.length]));
            }
            writer.write(new Message.Heartbeat());
            writer.flush();
            assertThat(sink.toByteArray()).as("to a channel: %s", toChannel).isEqualTo(expectedFrames(content));
        }
    }

    @Test
    void aFailedCheckKeepsThePayloadsLastBytesBack() throws IOException {
        byte[] content = content();
        Path file = Files.write(folder.resolve("data"), content);
        ByteArrayOutputStream heartbeat = new ByteArrayOutputStream();
        new FrameWriter(heartbeat).send(new Message.Heartbeat());
        int frames = expectedFrames(content).length - heartbeat.size();
        for (boolean toChannel : new boolean[] {false, true}) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            FrameWriter writer = toChannel ? new FrameWriter(sink, Channels.newChannel(sink)) : new FrameWriter(sink);
            try (FileChannel channel = FileChannel.open(file)) {
                writer.write(new Message.ChunkRequest(ID, 1));
                assertThatThrownBy(() -> writer.write(new Message.ChunkData(ID, 1), channel, 1000, LENGTH, () -> {
                    throw new IOException("the file changed");
                })).hasMessage("the file changed");
            }
            assertThat(writer.cutShort()).isTrue();
            writer.flush();
            assertThat(sink.size()).as("to a channel: %s", toChannel).isLessThan(frames)
                    .isGreaterThanOrEqualTo(frames - 64 * 1024);
        }
    }

    @Test
    void connectionFailingWhileAFileIsSentIsASocketFailure() throws IOException {
        Path file = Files.write(folder.resolve("data"), content());
        WritableByteChannel gone = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream(), gone);
        try (FileChannel channel = FileChannel.open(file)) {
            assertThatThrownBy(() -> writer.write(new Message.ChunkData(ID, 0), channel, 0, LENGTH))
                    .isInstanceOf(SocketException.class).hasMessage("Broken pipe");
        }
        assertThat(writer.cutShort()).isTrue();
    }

    @Test
    void fileFailingWhileItIsSentIsNotBlamedOnTheConnection() throws IOException {
        Path file = Files.write(folder.resolve("data"), content());
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream());
        FileChannel channel = FileChannel.open(file);
        channel.close();
        assertThatThrownBy(() -> writer.write(new Message.ChunkData(ID, 0), channel, 0, LENGTH))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void payloadIsReadIntoADirectBufferPartlyFromTheReadersBufferAndTheRestFromTheChannel() throws IOException {
        byte[] content = content();
        InputStream in = new ByteArrayInputStream(expectedFrames(content));
        FrameReader reader = new FrameReader(in, Channels.newChannel(in));
        assertThat(reader.next().message()).isEqualTo(new Message.ChunkRequest(ID, 1));
        assertThat(reader.next().payloadLength()).isEqualTo(LENGTH);
        ByteBuffer target = ByteBuffer.allocateDirect(LENGTH + 10).position(5);
        reader.readPayload(target);
        assertThat(target.position()).isEqualTo(LENGTH + 5);
        assertThat(target.limit()).isEqualTo(LENGTH + 10);
        byte[] read = new byte[LENGTH];
        target.position(5).get(read);
        assertThat(read).isEqualTo(Arrays.copyOfRange(content, 1000, 1000 + LENGTH));
        assertThat(reader.next().message()).isEqualTo(new Message.Heartbeat());
    }

    @Test
    void payloadIsReadIntoABufferWithoutAChannelToo() throws IOException {
        byte[] content = content();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(expectedFrames(content)));
        reader.next();
        reader.next();
        ByteBuffer target = ByteBuffer.allocate(LENGTH);
        reader.readPayload(target);
        assertThat(target.array()).isEqualTo(Arrays.copyOfRange(content, 1000, 1000 + LENGTH));
        assertThat(reader.next().message()).isEqualTo(new Message.Heartbeat());
    }

    @Test
    void streamEndingInsideADirectPayloadIsATruncatedFrame() throws IOException {
        byte[] frames = expectedFrames(content());
        InputStream in = new ByteArrayInputStream(Arrays.copyOf(frames, frames.length - 5000));
        FrameReader reader = new FrameReader(in, Channels.newChannel(in));
        reader.next();
        reader.next();
        assertThatThrownBy(() -> reader.readPayload(ByteBuffer.allocateDirect(LENGTH)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME))
                .hasMessageContaining("ended inside the payload");
    }

    @Test
    void bufferTooSmallForThePayloadIsTheCallersMistake() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(expectedFrames(content())));
        reader.next();
        reader.next();
        assertThatThrownBy(() -> reader.readPayload(ByteBuffer.allocate(LENGTH - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.net.ServedFile;
import dev.p2pshare.peer.net.UploadLimit;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.FrameReader;
import dev.p2pshare.protocol.FrameWriter;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a peer serves over TLS, and what it does with requests it must not serve or cannot read:
 * each refusal leaves the connection usable or closes it, as the protocol says, and others are served.
 */
@Timeout(30)
class ChunkServerTest {

    @TempDir
    Path folder;

    private byte[] content;
    private SharedFile shared;
    private ChunkServer server;

    /** A raw client connection. */
    private final class Client implements AutoCloseable {
        final Socket socket;
        final FrameReader reader;
        final FrameWriter writer;

        Client() throws IOException {
            // Over TLS as shipped, so that every attack below reaches the decoder as a real client's would.
            socket = Transport.tls(new TlsLayer(NodeIdentity.generate("client")), Duration.ofSeconds(5),
                    Duration.ofSeconds(10)).connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            reader = new FrameReader(socket.getInputStream());
            writer = new FrameWriter(socket.getOutputStream());
        }

        Client hello() throws IOException {
            writer.send(new Message.Hello(Message.VERSION, "test"));
            assertThat(reader.next().message()).isInstanceOf(Message.Welcome.class);
            return this;
        }

        Frame ask(Message request) throws IOException {
            writer.send(request);
            return reader.next();
        }

        void sendRaw(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        boolean closedByServer() throws IOException {
            try {
                reader.next();
                return false;
            } catch (EOFException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @BeforeEach
    void serveOneFile() throws IOException {
        content = new byte[2 * Manifest.CHUNK_SIZE + 1000];
        new Random(3).nextBytes(content);
        Path file = Files.write(folder.resolve("data.bin"), content);
        shared = new SharedFile(new FileHasher().hash(file, bytes -> { }), "data.bin", file, "data.bin", 0);
        SharedFiles files = new SharedFiles();
        files.add(shared);
        server = ChunkServer.start(Transport.tls(new TlsLayer(NodeIdentity.generate("server"))),
                InetAddress.getLoopbackAddress(), 0,
                id -> files.get(id).map(one -> ServedFile.whole(one.manifest(), one.path())), UploadLimit.unlimited());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Message.ErrorReply error(Frame frame) {
        assertThat(frame.message()).isInstanceOf(Message.ErrorReply.class);
        return (Message.ErrorReply) frame.message();
    }

    @Test
    void servesTheManifestAndEveryChunkExactly() throws IOException {
        try (Client client = new Client().hello()) {
            Frame manifest = client.ask(new Message.ManifestRequest(shared.id()));
            assertThat(manifest.message()).isEqualTo(new Message.ManifestData(shared.id(), content.length));
            assertThat(Manifest.of(content.length, client.reader.readPayload()).id()).isEqualTo(shared.id());
            for (int index = 0; index < 3; index++) {
                Frame chunk = client.ask(new Message.ChunkRequest(shared.id(), index));
                assertThat(chunk.message()).isEqualTo(new Message.ChunkData(shared.id(), index));
                int offset = index * Manifest.CHUNK_SIZE;
                assertThat(client.reader.readPayload())
                        .isEqualTo(Arrays.copyOfRange(content, offset, offset + shared.manifest().chunkLength(index)));
            }
        }
        // A chunk is counted once its send has returned, which may be just after the client read it.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().chunks() == 3);
        assertThat(server.stats().bytes()).isEqualTo(content.length);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (Client client = new Client().hello()) {
            for (int index : new int[] {2, 0, 1}) {
                client.writer.write(new Message.ChunkRequest(shared.id(), index));
            }
            client.writer.flush();
            for (int index : new int[] {2, 0, 1}) {
                assertThat(client.reader.next().message()).isEqualTo(new Message.ChunkData(shared.id(), index));
                client.reader.skipPayload();
            }
        }
    }

    @Test
    void fileNotSharedIsNotFoundAndTheConnectionStaysUsable() throws IOException {
        try (Client client = new Client().hello()) {
            FileId unknown = FileId.of("e".repeat(64));
            assertThat(error(client.ask(new Message.ChunkRequest(unknown, 0))).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(error(client.ask(new Message.ManifestRequest(unknown))).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(client.ask(new Message.ChunkRequest(shared.id(), 0)).message()).isInstanceOf(Message.ChunkData.class);
        }
    }

    @Test
    void chunkPastTheEndIsOutOfRangeAndTheConnectionStaysUsable() throws IOException {
        try (Client client = new Client().hello()) {
            Message.ErrorReply reply = error(client.ask(new Message.ChunkRequest(shared.id(), 3)));
            assertThat(reply.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(reply.detail()).contains("has 3 chunks; there is no chunk 3");
            assertThat(client.ask(new Message.ManifestRequest(shared.id())).message()).isInstanceOf(Message.ManifestData.class);
        }
    }

    @Test
    void trackerMessagesAreRefusedAndTheConnectionClosed() throws IOException {
        try (Client client = new Client().hello()) {
            assertThat(error(client.ask(new Message.Search("data", 10))).code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void requestBeforeHelloIsRefused() throws IOException {
        try (Client client = new Client()) {
            Message.ErrorReply reply = error(client.ask(new Message.ChunkRequest(shared.id(), 0)));
            assertThat(reply.code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void garbageGetsAnErrorAndOthersAreStillServed() throws IOException {
        try (Client attacker = new Client(); Client honest = new Client().hello()) {
            byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            attacker.sendRaw(garbage);
            assertThat(error(attacker.reader.next()).code()).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(attacker.closedByServer()).isTrue();
            assertThat(honest.ask(new Message.ChunkRequest(shared.id(), 1)).message()).isInstanceOf(Message.ChunkData.class);
        }
    }

    @Test
    void oversizedLengthIsRefusedWithoutReadingIt() throws IOException {
        try (Client client = new Client().hello()) {
            client.sendRaw(ByteBuffer.allocate(8).putInt(-1).putInt(0).array());
            Message.ErrorReply reply = error(client.reader.next());
            assertThat(reply.code()).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(reply.detail()).contains("header length 4294967295");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void fileThatShrankOnDiskIsReportedNotServedShort() throws IOException {
        Files.write(shared.path(), new byte[10]);
        try (Client client = new Client().hello()) {
            Message.ErrorReply reply = error(client.ask(new Message.ChunkRequest(shared.id(), 1)));
            assertThat(reply.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(reply.detail()).contains("changed on this peer's disk");
        }
    }
}

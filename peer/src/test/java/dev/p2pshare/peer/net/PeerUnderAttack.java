package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage of every attack on a peer's chunk server: a peer sharing one file of three chunks
 * over TLS, as shipped, and the check each attack must pass: whatever the attacker got, a client
 * that connects afterwards is served every chunk, byte for byte.
 */
abstract class PeerUnderAttack {

    @TempDir
    Path folder;

    byte[] content;
    SharedFile shared;
    ChunkServer server;

    @BeforeEach
    void serveOneFile() throws IOException {
        content = new byte[2 * Manifest.CHUNK_SIZE + 1000];
        new Random(3).nextBytes(content);
        Path file = Files.write(folder.resolve("data.bin"), content);
        shared = SharedFile.at(folder, file, new FileHasher().hash(file, bytes -> { }));
        SharedFiles files = new SharedFiles();
        files.add(shared);
        server = ChunkServer.start(Transport.tls(new TlsLayer(NodeIdentity.generate("server"))),
                InetAddress.getLoopbackAddress(), 0,
                id -> files.get(id).map(one -> ServedFile.whole(one.manifest(), one.path(), one::unchangedOnDisk)),
                RateLimit.unlimited());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A new connection to the server that has said hello. */
    ChunkClient greetedClient() throws IOException {
        return new ChunkClient(server.port()).hello();
    }

    /** A newcomer is served the manifest and every chunk of the shared file, exactly. */
    void assertHonestClientsAreStillServed() throws IOException {
        try (ChunkClient honest = greetedClient()) {
            assertThat(honest.ask(new Message.ManifestRequest(shared.id())).message())
                    .isEqualTo(new Message.ManifestData(shared.id(), content.length));
            assertThat(Manifest.of(content.length, honest.payload()).id()).isEqualTo(shared.id());
            for (int index = 0; index < shared.manifest().chunkCount(); index++) {
                assertThat(honest.ask(new Message.ChunkRequest(shared.id(), index)).message())
                        .isEqualTo(new Message.ChunkData(shared.id(), index));
                int offset = index * Manifest.CHUNK_SIZE;
                assertThat(honest.payload())
                        .isEqualTo(Arrays.copyOfRange(content, offset, offset + shared.manifest().chunkLength(index)));
            }
        }
    }

    /** One frame: the declared header length, no payload, then {@code header} as UTF-8. */
    static byte[] frame(String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length).putInt(json.length).putInt(0).put(json).array();
    }
}

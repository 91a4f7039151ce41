package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Frame;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a peer serves over TLS, and what it does with requests it must not serve or cannot read:
 * each refusal leaves the connection usable or closes it, as the protocol says, and others are
 * served. Requests for chunks or files it does not have are attacks of their own:
 * {@link OutOfRangeChunkAttackTest}, {@link UnsharedFileAttackTest}.
 */
@Timeout(30)
class ChunkServerTest extends PeerUnderAttack {

    @Test
    void servesTheManifestAndEveryChunkExactly() throws IOException {
        try (ChunkClient client = greetedClient()) {
            Frame manifest = client.ask(new Message.ManifestRequest(shared.id()));
            assertThat(manifest.message()).isEqualTo(new Message.ManifestData(shared.id(), content.length));
            assertThat(Manifest.of(content.length, client.payload()).id()).isEqualTo(shared.id());
            for (int index = 0; index < 3; index++) {
                Frame chunk = client.ask(new Message.ChunkRequest(shared.id(), index));
                assertThat(chunk.message()).isEqualTo(new Message.ChunkData(shared.id(), index));
                int offset = index * Manifest.CHUNK_SIZE;
                assertThat(client.payload())
                        .isEqualTo(Arrays.copyOfRange(content, offset, offset + shared.manifest().chunkLength(index)));
            }
        }
        // A chunk is counted once its send has returned, which may be just after the client read it.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().chunks() == 3);
        assertThat(server.stats().bytes()).isEqualTo(content.length);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (ChunkClient client = greetedClient()) {
            for (int index : new int[] {2, 0, 1}) {
                client.queue(new Message.ChunkRequest(shared.id(), index));
            }
            client.flush();
            for (int index : new int[] {2, 0, 1}) {
                assertThat(client.next().message()).isEqualTo(new Message.ChunkData(shared.id(), index));
                client.skipPayload();
            }
        }
    }

    @Test
    void trackerMessagesAreRefusedAndTheConnectionClosed() throws IOException {
        try (ChunkClient client = greetedClient()) {
            assertThat(client.refusal(new Message.Search("data", 10)).code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(client.closedByServer()).isTrue();
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void requestBeforeHelloIsRefused() throws IOException {
        try (ChunkClient client = new ChunkClient(server.port())) {
            Message.ErrorReply reply = client.refusal(new Message.ChunkRequest(shared.id(), 0));
            assertThat(reply.code()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE);
            assertThat(client.closedByServer()).isTrue();
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void garbageGetsAnErrorAndOthersAreStillServed() throws IOException {
        try (ChunkClient attacker = new ChunkClient(server.port()); ChunkClient honest = greetedClient()) {
            attacker.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(attacker.nextRefusal().code()).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(attacker.closedByServer()).isTrue();
            assertThat(honest.ask(new Message.ChunkRequest(shared.id(), 1)).message()).isInstanceOf(Message.ChunkData.class);
        }
    }

    @Test
    void oversizedLengthIsRefusedWithoutReadingIt() throws IOException {
        try (ChunkClient client = greetedClient()) {
            client.sendRaw(ByteBuffer.allocate(8).putInt(-1).putInt(0).array());
            Message.ErrorReply reply = client.nextRefusal();
            assertThat(reply.code()).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(reply.detail()).contains("header length 4294967295");
            assertThat(client.closedByServer()).isTrue();
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void fileRewrittenInPlaceWithItsTimePutBackIsNotServedUnderItsOldId() throws IOException {
        FileTime modified = Files.getLastModifiedTime(shared.path());
        byte[] rewritten = content.clone();
        rewritten[Manifest.CHUNK_SIZE + 5] ^= 1;
        Files.write(shared.path(), rewritten);
        Files.setLastModifiedTime(shared.path(), modified);

        try (ChunkClient client = greetedClient()) {
            Message.ErrorReply reply = client.refusal(new Message.ChunkRequest(shared.id(), 1));
            assertThat(reply.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(reply.detail()).contains("changed on this peer's disk since it was hashed");
        }
        assertThat(server.stats().chunks()).isZero();
    }

    @Test
    void fileThatShrankOnDiskIsReportedNotServedShort() throws IOException {
        Files.write(shared.path(), new byte[10]);
        try (ChunkClient client = greetedClient()) {
            Message.ErrorReply reply = client.refusal(new Message.ChunkRequest(shared.id(), 1));
            assertThat(reply.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(reply.detail()).contains("changed on this peer's disk");
        }
    }
}

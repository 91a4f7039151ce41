package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests for files the peer does not share: an id nobody shares, the id of a file that sits in
 * the folder but was never shared, and a path where an id belongs. Files are asked for by content
 * id only, so no name the attacker writes can reach the disk.
 */
@Timeout(30)
class UnsharedFileAttackTest extends PeerUnderAttack {

    @Test
    void idNobodySharesIsNotFoundForEveryRequestAndTheConnectionStaysUsable() throws IOException {
        FileId unknown = FileId.of("e".repeat(64));
        try (ChunkClient attacker = greetedClient()) {
            assertThat(attacker.refusal(new Message.ChunkRequest(unknown, 0)).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(attacker.refusal(new Message.ManifestRequest(unknown)).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(attacker.refusal(new Message.HaveRequest(unknown)).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(attacker.ask(new Message.ChunkRequest(shared.id(), 0)).message())
                    .isInstanceOf(Message.ChunkData.class);
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void fileInTheFolderThatIsNotSharedIsNotFound() throws IOException {
        Path secret = Files.writeString(folder.resolve("diary.txt"), "not for anyone");
        FileId secretId = new FileHasher().hash(secret, bytes -> { }).id();
        try (ChunkClient attacker = greetedClient()) {
            assertThat(attacker.refusal(new Message.ChunkRequest(secretId, 0)).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(attacker.refusal(new Message.ManifestRequest(secretId)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void pathInPlaceOfAnIdIsAMalformedMessageThatEndsTheConnection() throws IOException {
        try (ChunkClient attacker = greetedClient()) {
            attacker.sendRaw(frame("{\"type\":\"chunk-request\",\"id\":\"../../etc/passwd\",\"index\":0}"));
            Message.ErrorReply reply = attacker.nextRefusal();
            assertThat(reply.code()).isEqualTo(ErrorCode.BAD_MESSAGE);
            assertThat(reply.detail()).doesNotContain("root:");
            assertThat(attacker.closedByServer()).isTrue();
        }
        assertHonestClientsAreStillServed();
    }
}

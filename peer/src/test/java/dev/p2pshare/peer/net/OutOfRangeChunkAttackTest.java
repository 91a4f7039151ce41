package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests for chunks the file does not have: just past its end, at the largest index the
 * protocol allows, negative, and past what 32 bits hold. An index in the protocol's range is
 * answered {@code out-of-range} and the connection stays usable; one outside it is a malformed
 * message that ends the connection. Nothing is read outside the file either way.
 */
@Timeout(30)
class OutOfRangeChunkAttackTest extends PeerUnderAttack {

    @Test
    void chunkJustPastTheEndIsOutOfRangeAndTheConnectionStaysUsable() throws IOException {
        try (ChunkClient attacker = greetedClient()) {
            Message.ErrorReply reply = attacker.refusal(new Message.ChunkRequest(shared.id(), 3));
            assertThat(reply.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(reply.detail()).contains("has 3 chunks; there is no chunk 3");
            assertThat(attacker.ask(new Message.ManifestRequest(shared.id())).message())
                    .isInstanceOf(Message.ManifestData.class);
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void largestIndexTheProtocolAllowsIsOutOfRange() throws IOException {
        int largest = (int) (Limits.MAX_FILE_SIZE / Manifest.CHUNK_SIZE - 1);
        try (ChunkClient attacker = greetedClient()) {
            Message.ErrorReply reply = attacker.refusal(new Message.ChunkRequest(shared.id(), largest));
            assertThat(reply.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(reply.detail()).contains("there is no chunk " + largest);
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void negativeIndexIsAMalformedMessageThatEndsTheConnection() throws IOException {
        try (ChunkClient attacker = greetedClient()) {
            attacker.sendRaw(frame("{\"type\":\"chunk-request\",\"id\":\"" + shared.id().hex() + "\",\"index\":-1}"));
            Message.ErrorReply reply = attacker.nextRefusal();
            assertThat(reply.code()).isEqualTo(ErrorCode.BAD_MESSAGE);
            assertThat(reply.detail()).contains("index");
            assertThat(attacker.closedByServer()).isTrue();
        }
        assertHonestClientsAreStillServed();
    }

    @Test
    void indexPastThirtyTwoBitsIsAMalformedMessageThatEndsTheConnection() throws IOException {
        try (ChunkClient attacker = greetedClient()) {
            attacker.sendRaw(frame("{\"type\":\"chunk-request\",\"id\":\"" + shared.id().hex()
                    + "\",\"index\":4294967296}"));
            assertThat(attacker.nextRefusal().code()).isEqualTo(ErrorCode.BAD_MESSAGE);
            assertThat(attacker.closedByServer()).isTrue();
        }
        assertHonestClientsAreStillServed();
    }
}

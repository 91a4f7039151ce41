package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages that exist, but that a tracker never accepts: peer requests, answers, a second hello. */
@Timeout(60)
class MisplacedMessageAttackTest extends TrackerUnderAttack {

    @ParameterizedTest
    @MethodSource("messagesATrackerNeverAccepts")
    void messageATrackerNeverAcceptsIsUnexpected(Message message) throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.send(message);

            assertRefusedAndDisconnected(attacker, ErrorCode.UNEXPECTED_MESSAGE, "a tracker does not accept '");
        }
        assertHonestPeersAreStillServed();
    }

    static Stream<Message> messagesATrackerNeverAccepts() {
        FileId id = SHARED.id();
        return Stream.of(
                new Message.ChunkRequest(id, 0),
                new Message.ManifestRequest(id),
                new Message.Hello(1, "second-hello"),
                new Message.Welcome(1, "confused"),
                new Message.Ok(),
                new Message.Registered(NodeId.of("e".repeat(64)), "10.0.0.1", 30),
                new Message.ErrorReply(ErrorCode.INTERNAL, "echo"));
    }
}

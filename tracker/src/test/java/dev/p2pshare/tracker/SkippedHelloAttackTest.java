package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A request before the handshake. */
@Timeout(60)
class SkippedHelloAttackTest extends TrackerUnderAttack {

    @Test
    void requestBeforeHelloIsUnexpected() throws IOException {
        try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
            attacker.send(new Message.Search("movie", 10));

            assertRefusedAndDisconnected(attacker, ErrorCode.UNEXPECTED_MESSAGE, "the first message must be 'hello'");
        }
        assertHonestPeersAreStillServed();
    }
}

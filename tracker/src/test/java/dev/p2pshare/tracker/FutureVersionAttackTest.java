package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hello for a protocol version the tracker does not speak. */
@Timeout(60)
class FutureVersionAttackTest extends TrackerUnderAttack {

    @Test
    void helloWithVersionTwoIsUnsupported() throws IOException {
        try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
            attacker.send(new Message.Hello(2, "from-the-future"));

            assertRefusedAndDisconnected(attacker, ErrorCode.UNSUPPORTED_VERSION,
                    "this tracker speaks protocol version 1, not 2");
        }
        assertHonestPeersAreStillServed();
    }
}

package dev.p2pshare.tracker;

import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A frame that stops in the middle, by a half close or a closed connection. */
@Timeout(60)
class TruncatedFrameAttackTest extends TrackerUnderAttack {

    @Test
    void frameCutShortByAHalfCloseIsABadFrame() throws IOException {
        byte[] header = json("{\"type\":\"list-peers\"}");
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(Arrays.copyOf(frame(header.length, 0, header, new byte[0]), 8 + 10));
            attacker.shutdownOutput();

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                    "the stream ended inside a header (10 of " + header.length + " bytes)");
        }
        assertHonestPeersAreStillServed();
    }

    @Test
    void frameCutShortByAClosedConnectionEndsOnlyThatSession() throws IOException {
        byte[] header = json("{\"type\":\"list-peers\"}");
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.register("attacker", 7666, SHARED);
            attacker.sendRaw(Arrays.copyOf(frame(header.length, 0, header, new byte[0]), 5));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> tracker.peerCount() == 1);
        assertHonestPeersAreStillServed();
    }
}

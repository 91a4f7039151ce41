package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Random bytes where a frame should start. */
@Timeout(60)
class GarbageAttackTest extends TrackerUnderAttack {

    @Test
    void garbageIsABadFrame() throws IOException {
        byte[] garbage = new byte[512];
        new Random(20_260_101).nextBytes(garbage);
        // A first byte of 1 or more declares a header of at least 16 MiB.
        garbage[0] = (byte) 0x9c;
        try (TrackerClient attacker = TrackerClient.connect(tracker.port())) {
            attacker.sendRaw(garbage);

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME, "is outside 2 to 1048576");
        }
        assertHonestPeersAreStillServed();
    }
}

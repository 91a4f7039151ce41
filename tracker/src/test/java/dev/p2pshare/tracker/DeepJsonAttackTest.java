package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JSON nested thousands deep, which a recursive parser would follow until its stack ran out. */
@Timeout(60)
class DeepJsonAttackTest extends TrackerUnderAttack {

    @Test
    void deepNestingIsABadMessageRefusedBeforeItIsBuilt() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame("{\"type\":\"heartbeat\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "nesting depth");
        }
        assertHonestPeersAreStillServed();
    }
}

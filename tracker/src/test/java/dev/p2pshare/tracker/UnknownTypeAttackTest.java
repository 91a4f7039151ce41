package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A message type the protocol does not have. */
@Timeout(60)
class UnknownTypeAttackTest extends TrackerUnderAttack {

    @Test
    void unknownTypeIsABadMessage() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame("{\"type\":\"teleport\",\"to\":\"mars\"}"));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "unknown message type 'teleport'");
        }
        assertHonestPeersAreStillServed();
    }
}

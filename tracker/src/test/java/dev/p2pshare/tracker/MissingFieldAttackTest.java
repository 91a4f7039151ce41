package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A message without one of its required fields. */
@Timeout(60)
class MissingFieldAttackTest extends TrackerUnderAttack {

    @Test
    void missingRequiredFieldIsABadMessage() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame("{\"type\":\"search\",\"query\":\"movie\"}"));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE,
                    "invalid message: Missing creator property 'limit'");
        }
        assertHonestPeersAreStillServed();
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A payload on a message type that takes none. */
@Timeout(60)
class UnwantedPayloadAttackTest extends TrackerUnderAttack {

    @Test
    void payloadOnAMessageThatTakesNoneIsABadFrame() throws IOException {
        byte[] header = json("{\"type\":\"list-peers\"}");
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame(header.length, 4, header, new byte[] {1, 2, 3, 4}));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                    "a 'list-peers' message carries no payload, not 4 bytes");
        }
        assertHonestPeersAreStillServed();
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Limits;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A payload length over the limit, announced before any payload byte. */
@Timeout(60)
class OversizedPayloadAttackTest extends TrackerUnderAttack {

    @Test
    void payloadLengthOverTheLimitIsABadFrame() throws IOException {
        byte[] header = json("{\"type\":\"list-peers\"}");
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame(header.length, Limits.MAX_PAYLOAD_BYTES + 1L, header, new byte[0]));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                    "payload length " + (Limits.MAX_PAYLOAD_BYTES + 1L) + " is over the limit of "
                            + Limits.MAX_PAYLOAD_BYTES);
        }
        assertHonestPeersAreStillServed();
    }
}

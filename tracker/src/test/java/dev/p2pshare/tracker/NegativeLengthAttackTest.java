package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A header length with every bit set, which a signed reader would take as negative. */
@Timeout(60)
class NegativeLengthAttackTest extends TrackerUnderAttack {

    @Test
    void headerLengthWithEveryBitSetIsABadFrameNotANegativeNumber() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(lengths(0xFFFF_FFFFL, 0));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                    "header length 4294967295 is outside 2 to 1048576");
        }
        assertHonestPeersAreStillServed();
    }
}

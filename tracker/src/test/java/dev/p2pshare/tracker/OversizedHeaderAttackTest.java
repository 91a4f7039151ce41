package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Limits;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A header length over the limit, announced before any header byte. */
@Timeout(60)
class OversizedHeaderAttackTest extends TrackerUnderAttack {

    @Test
    void headerLengthOverOneMebibyteIsABadFrame() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(lengths(Limits.MAX_HEADER_BYTES + 1L, 0));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_FRAME,
                    "header length 1048577 is outside 2 to 1048576");
        }
        assertHonestPeersAreStillServed();
    }
}

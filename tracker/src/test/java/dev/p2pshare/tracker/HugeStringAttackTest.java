package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Limits;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Strings and numbers far longer than any field allows, inside a header that fits the frame limit. */
@Timeout(60)
class HugeStringAttackTest extends TrackerUnderAttack {

    @Test
    void stringOverTheParserLimitIsABadMessage() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame("{\"type\":\"search\",\"query\":\"" + "a".repeat(Limits.MAX_HEADER_BYTES - 100)
                    + "\",\"limit\":1}"));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "String value length");
        }
        assertHonestPeersAreStillServed();
    }

    @Test
    void numberWithThousandsOfDigitsIsABadMessage() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame("{\"type\":\"search\",\"query\":\"movie\",\"limit\":" + "9".repeat(10_000) + "}"));

            // Any detail will do: what matters is that the number is refused before it is parsed.
            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "");
        }
        assertHonestPeersAreStillServed();
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A header that is not JSON, or not a JSON object. */
@Timeout(60)
class InvalidJsonAttackTest extends TrackerUnderAttack {

    @Test
    void invalidJsonIsABadMessage() throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame("{\"type\": \"search\", \"query\": "));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "invalid message: ");
        }
        assertHonestPeersAreStillServed();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "42", "\"list-peers\"", "true", "[\"list-peers\",{}]"})
    void jsonThatIsNotAnObjectIsABadMessage(String notAnObject) throws IOException {
        try (TrackerClient attacker = greetedAttacker()) {
            attacker.sendRaw(frame(notAnObject));

            assertRefusedAndDisconnected(attacker, ErrorCode.BAD_MESSAGE, "a message is a JSON object, not ");
        }
        assertHonestPeersAreStillServed();
    }
}

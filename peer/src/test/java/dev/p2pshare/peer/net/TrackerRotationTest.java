package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which tracker a peer tries when, among several: its own first, the next at once, a wait per round. */
class TrackerRotationTest {

    private static final Endpoint A = new Endpoint("a", 6969);
    private static final Endpoint B = new Endpoint("b", 6969);
    private static final Endpoint C = new Endpoint("c", 6969);

    /** An id whose first 8 hex digits are {@code leading}. */
    private static NodeId idStartingWith(long leading) {
        return NodeId.of(String.format("%08x", leading) + "0".repeat(56));
    }

    private static TrackerRotation rotation(NodeId self, Endpoint... trackers) {
        return new TrackerRotation(List.of(trackers), self, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    @Test
    void theFirstTrackerIsTheOwnIdsLeadingDigitsModuloTheCount() {
        assertThat(rotation(idStartingWith(0), A, B, C).current()).isEqualTo(A);
        assertThat(rotation(idStartingWith(4), A, B, C).current()).isEqualTo(B);
        assertThat(rotation(idStartingWith(0xffff_ffffL), A, B, C).current()).as("4294967295 mod 3 = 0").isEqualTo(A);
        assertThat(rotation(idStartingWith(0xffff_fffeL), A, B, C).current()).as("4294967294 mod 3 = 2").isEqualTo(C);
    }

    @Test
    void peersSpreadOverEveryTracker() {
        Random random = new Random(5);
        Set<Endpoint> firsts = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            firsts.add(rotation(NodeId.ofBytes(id), A, B, C).current());
        }
        assertThat(firsts).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void aLostTrackerIsFollowedByTheNextAtOnceAndAWaitComesOnlyAfterAWholeRound() {
        TrackerRotation rotation = rotation(idStartingWith(0), A, B, C);
        rotation.registered();

        rotation.moveOn();
        assertThat(rotation.current()).isEqualTo(B);
        assertThat(rotation.failed()).as("B failed: C at once").isZero();
        assertThat(rotation.current()).isEqualTo(C);
        assertThat(rotation.failed()).as("C failed: A at once").isZero();
        assertThat(rotation.current()).isEqualTo(A);
        assertThat(rotation.failed()).as("A failed too: a whole round, so the first wait")
                .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(rotation.current()).as("the next round starts with the next tracker").isEqualTo(B);
        assertThat(rotation.failed()).isZero();
        assertThat(rotation.failed()).isZero();
        assertThat(rotation.failed()).as("the second round failed: the wait doubled")
                .isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(rotation.current()).isEqualTo(B);

        rotation.registered();
        rotation.moveOn();
        assertThat(rotation.current()).isEqualTo(C);
        assertThat(rotation.failed()).isZero();
        assertThat(rotation.failed()).isZero();
        assertThat(rotation.failed()).as("a registration started the waits over")
                .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    }

    @Test
    void aSingleTrackerIsTriedAgainAtOnceAfterALossThenAfterAWaitThatDoubles() {
        TrackerRotation rotation = rotation(idStartingWith(7), A);
        rotation.moveOn();
        assertThat(rotation.current()).isEqualTo(A);
        assertThat(rotation.failed()).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(rotation.failed()).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(rotation.current()).isEqualTo(A);
    }

    @Test
    void noTrackerOrOneTwiceIsRefused() {
        assertThatThrownBy(() -> rotation(idStartingWith(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rotation(idStartingWith(0), A, B, A)).isInstanceOf(IllegalArgumentException.class);
    }
}

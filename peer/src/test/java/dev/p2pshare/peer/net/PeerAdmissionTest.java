package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whom a peer serves: everyone on an open network, on a private one the members its tracker names. */
class PeerAdmissionTest {

    private static final NodeId BOB = NodeId.of("b0".repeat(32));
    private static final NodeId STRANGER = NodeId.of("5e".repeat(32));

    private long now = 42_000_000_000L;
    private final Set<NodeId> onTheList = new HashSet<>(Set.of(BOB));
    private final AtomicInteger asked = new AtomicInteger();
    private boolean trackerReachable = true;
    private final PeerAdmission admission = new PeerAdmission(() -> now);

    private Message.PeerCheck tracker(NodeId id) throws IOException {
        asked.incrementAndGet();
        if (!trackerReachable) {
            throw new IOException("not connected to the tracker");
        }
        return new Message.PeerCheck(id, onTheList.contains(id), true);
    }

    @Test
    void onAnOpenNetworkEveryoneIsServedWithoutAsking() {
        admission.askWith(this::tracker);
        admission.networkIs(false);

        assertThat(admission.admits(STRANGER)).isTrue();
        assertThat(asked).hasValue(0);
    }

    @Test
    void onAPrivateNetworkOnlyMembersAreServed() {
        admission.askWith(this::tracker);
        admission.networkIs(true);

        assertThat(admission.admits(BOB)).isTrue();
        assertThat(admission.admits(STRANGER)).isFalse();
    }

    @Test
    void memberTakenOffTheListIsRefusedOnceItsVerdictRunsOut() {
        admission.askWith(this::tracker);
        admission.networkIs(true);
        assertThat(admission.admits(BOB)).isTrue();
        onTheList.remove(BOB);

        now += PeerAdmission.ALLOWED_FOR.minus(Duration.ofMillis(1)).toNanos();
        assertThat(admission.admits(BOB)).as("still within the verdict").isTrue();
        now += Duration.ofMillis(1).toNanos();
        assertThat(admission.admits(BOB)).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void withTheTrackerOutOfReachUnknownNodesAreRefusedAndKnownMembersStillServed() {
        admission.askWith(this::tracker);
        admission.networkIs(true);
        assertThat(admission.admits(BOB)).isTrue();
        trackerReachable = false;

        assertThat(admission.admits(STRANGER)).isFalse();
        assertThat(admission.admits(BOB)).isTrue();
    }

    @Test
    void beforeTheTrackerHasSaidAnythingNoOneIsServed() {
        assertThat(admission.admits(BOB)).isFalse();
    }

    @Test
    void aRefusalIsAskedAgainAfterAShortWhile() {
        admission.askWith(this::tracker);
        admission.networkIs(true);
        assertThat(admission.admits(STRANGER)).isFalse();
        onTheList.add(STRANGER);

        assertThat(admission.admits(STRANGER)).isFalse();
        now += PeerAdmission.REFUSED_FOR.toNanos();
        assertThat(admission.admits(STRANGER)).isTrue();
    }
}

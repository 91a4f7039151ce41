package dev.p2pshare.peer.lan;

import static dev.p2pshare.peer.lan.ScriptedDiscovery.tracker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.tracker.LanAnnouncement;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two trackers that appear at once do not split the network: peers that found theirs on the LAN
 * end on the one with the lowest id, heard through a scripted LAN.
 */
class TrackerFollowerTest {

    private static final LanAnnouncement LOW = tracker("10.0.0.1", 6969, "11".repeat(32));
    private static final LanAnnouncement HIGH = tracker("10.0.0.3", 6969, "99".repeat(32));

    private final ScriptedDiscovery lan = ScriptedDiscovery.lan();
    private final AnnouncedTrackers announced = new AnnouncedTrackers();
    private final List<LanAnnouncement> moves = new CopyOnWriteArrayList<>();

    @BeforeEach
    void watch() throws IOException {
        lan.watch(announced);
    }

    private TrackerFollower follow(LanAnnouncement current, boolean hosting) {
        TrackerFollower follower = new TrackerFollower(current.id(), hosting, moves::add);
        announced.watch(follower);
        return follower;
    }

    @Test
    void aPeerHostingTheHigherIdMovesToTheLowerOnceAndStays() {
        TrackerFollower follower = follow(HIGH, true);
        lan.announce(HIGH);
        assertThat(moves).isEmpty();

        lan.announce(LOW);
        lan.announce(LOW);
        lan.withdraw(HIGH);

        assertThat(moves).containsExactly(LOW);
        assertThat(follower.current()).isEqualTo(LOW.id());
    }

    @Test
    void aPeerHostingTheLowerIdStays() {
        follow(LOW, true);
        lan.announce(LOW);
        lan.announce(HIGH);
        assertThat(moves).isEmpty();
    }

    @Test
    void aPeerDoesNotLeaveATrackerThatIsStillAnnouncedAndNotItsOwn() {
        follow(HIGH, false);
        lan.announce(HIGH);
        lan.announce(LOW);
        assertThat(moves).isEmpty();
    }

    @Test
    void aPeerWhoseTrackerWithdrewFollowsToTheLowestId() {
        follow(HIGH, false);
        lan.announce(HIGH);
        lan.announce(LOW);

        lan.withdraw(HIGH);

        assertThat(moves).containsExactly(LOW);
    }

    @Test
    void aPeerNeverMovesToAHigherIdEvenWhenItsOwnWithdrew() {
        follow(LOW, false);
        lan.announce(LOW);
        lan.announce(HIGH);
        lan.withdraw(LOW);
        assertThat(moves).isEmpty();
    }
}

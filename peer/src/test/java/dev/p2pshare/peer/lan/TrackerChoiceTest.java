package dev.p2pshare.peer.lan;

import static dev.p2pshare.peer.lan.ScriptedDiscovery.tracker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.LanAnnouncement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The rules that pick a tracker from those announced on the LAN, for a peer started without --tracker. */
class TrackerChoiceTest {

    private static final LanAnnouncement LOW = tracker("10.0.0.1", 6969, "11".repeat(32));
    private static final LanAnnouncement MIDDLE = tracker("10.0.0.2", 6969, "55".repeat(32));
    private static final LanAnnouncement HIGH = tracker("10.0.0.3", 7000, "99".repeat(32));

    private static Predicate<NodeId> trusting(LanAnnouncement... trackers) {
        Set<NodeId> ids = Set.of(List.of(trackers).stream().map(LanAnnouncement::id).toArray(NodeId[]::new));
        return ids::contains;
    }

    @Test
    void theTrackerTrustedBeforeIsUsedWhateverElseIsAnnounced() {
        assertThat(TrackerChoice.choose(List.of(LOW, HIGH, MIDDLE), trusting(HIGH), true))
                .isEqualTo(new TrackerChoice.Use(HIGH, true));
    }

    @Test
    void ofSeveralTrustedBeforeTheLowestIdIsUsed() {
        assertThat(TrackerChoice.choose(List.of(HIGH, MIDDLE), trusting(HIGH, MIDDLE), true))
                .isEqualTo(new TrackerChoice.Use(MIDDLE, true));
    }

    @Test
    void theOnlyTrackerAnnouncedIsTrustedOnFirstUse() {
        assertThat(TrackerChoice.choose(List.of(MIDDLE), trusting(), false))
                .isEqualTo(new TrackerChoice.Use(MIDDLE, false));
    }

    @Test
    void severalNewTrackersAreListedForTheUserToChoose() {
        assertThat(TrackerChoice.choose(List.of(HIGH, LOW), trusting(), true))
                .isEqualTo(new TrackerChoice.Several(List.of(LOW, HIGH)));
    }

    @Test
    void withNoneAnnouncedThePeerHostsOneUnlessItMayNot() {
        assertThat(TrackerChoice.choose(List.of(), trusting(), true)).isEqualTo(new TrackerChoice.Host());
        assertThat(TrackerChoice.choose(List.of(), trusting(), false)).isEqualTo(new TrackerChoice.NoneFound());
    }

    @Test
    void aTrackerOfAnotherProtocolVersionIsLeftOut() {
        LanAnnouncement newer = new LanAnnouncement("newer", new Endpoint("10.0.0.9", 6969), LOW.id(), 2);
        assertThat(TrackerChoice.choose(List.of(newer, HIGH), trusting(LOW), true))
                .isEqualTo(new TrackerChoice.Use(HIGH, false));
    }

    @Test
    void aTrackerTrustedBeforeIsPinnedAtTheAddressItIsAnnouncedAtAndANewOneIsNot() {
        assertThat(TrackerChoice.addressOf(HIGH, trusting(HIGH)))
                .isEqualTo(new TrackerAddress(new Endpoint("10.0.0.3", 7000), Optional.of(HIGH.id())));
        assertThat(TrackerChoice.addressOf(HIGH, trusting()))
                .isEqualTo(new TrackerAddress(new Endpoint("10.0.0.3", 7000), Optional.empty()));
    }
}

package dev.p2pshare.peer.lan;

import static dev.p2pshare.peer.lan.ScriptedDiscovery.tracker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.tracker.LanAnnouncement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The look on the LAN: a tracker heard of is waited for until resolved; with nothing heard, the look ends on time. */
@Timeout(30)
class AnnouncedTrackersTest {

    private static final LanAnnouncement TRACKER = tracker("10.0.0.1", 6969, "11".repeat(32));

    private final ScriptedDiscovery lan = ScriptedDiscovery.lan();
    private final AnnouncedTrackers announced = new AnnouncedTrackers();

    @Test
    void aTrackerHeardOfWithinTheLookIsWaitedForUntilItResolves() throws Exception {
        lan.watch(announced);
        lan.heard(TRACKER.name());
        Thread resolver = new Thread(() -> lan.announce(TRACKER));
        resolver.start();

        assertThat(announced.awaitUntil(Duration.ZERO, Duration.ofSeconds(20), found -> false)).containsExactly(TRACKER);
        resolver.join();
    }

    @Test
    void withNothingHeardTheLookEndsAtItsLimitWhateverTheGrace() throws Exception {
        lan.watch(announced);
        assertThat(announced.awaitUntil(Duration.ofMillis(50), Duration.ofSeconds(20), found -> false)).isEmpty();
    }

    @Test
    void aWithdrawnTrackerIsNoLongerListedOrWaitedFor() throws Exception {
        lan.watch(announced);
        lan.heard(TRACKER.name());
        lan.withdraw(TRACKER);
        long started = System.nanoTime();
        assertThat(announced.awaitUntil(Duration.ZERO, Duration.ofSeconds(20), found -> false)).isEqualTo(List.of());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not waiting for it to resolve")
                .isLessThan(Duration.ofSeconds(10));
    }
}

package dev.p2pshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load and the lag probe against two trackers in this JVM that know nothing of each other:
 * the load takes them in turn, and a file registered on one never shows on the other.
 */
@Timeout(120)
class ReplicationLagTest {

    private Tracker first;
    private Tracker second;

    @BeforeEach
    void startTrackers() throws IOException {
        first = start("first");
        second = start("second");
    }

    @AfterEach
    void stopTrackers() {
        first.close();
        second.close();
    }

    @Test
    void theLoadTakesTheTrackersInTurnAndCountsEach() throws IOException {
        TrackerLoad load = TrackerLoad.open(List.of(address(first), address(second)), 6, 2, 2);
        try {
            TrackerLoad.Result result = load.run(new TrackerLoad.Shape(1, 2, 2), 1);

            assertThat(result.errors()).as("first error: %s", result.firstError()).isZero();
            assertThat(result.byTracker()).hasSize(2).allSatisfy(requests -> assertThat(requests).isPositive());
            assertThat(result.byTracker().get(0) + result.byTracker().get(1)).isEqualTo(result.requests());
            assertThat(first.peerCount()).isEqualTo(3);
            assertThat(second.peerCount()).isEqualTo(3);
        } finally {
            load.close();
        }
    }

    @Test
    void aFileRegisteredOnTheSameTrackerIsFoundAtOnce() throws IOException {
        ReplicationLag lag = ReplicationLag.measure(List.of(address(first), address(first)), 3, 0,
                Duration.ofSeconds(10));

        assertThat(lag.unseen()).isZero();
        assertThat(lag.millis()).hasSize(3);
        assertThat(lag.maxMillis()).isLessThan(10_000);
        assertThat(lag.medianMillis()).isBetween(0.0, lag.maxMillis());
    }

    @Test
    void aFileOnATrackerOfItsOwnIsNeverSeenOnTheOther() throws IOException {
        ReplicationLag lag = ReplicationLag.measure(List.of(address(first), address(second)), 2, 0,
                Duration.ofMillis(200));

        assertThat(lag.unseen()).isEqualTo(2);
        assertThat(lag.millis()).isEmpty();
    }

    private static Tracker start(String name) throws IOException {
        return Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate(name)));
    }

    private static InetSocketAddress address(Tracker tracker) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tracker.port());
    }
}

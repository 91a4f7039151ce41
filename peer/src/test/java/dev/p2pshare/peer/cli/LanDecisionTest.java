package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.PeerStartException;
import dev.p2pshare.peer.lan.ScriptedDiscovery;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that decided on the LAN to host a tracker, and finds its port taken by another tracker
 * of this machine by the time it binds it: it starts again registered with that tracker.
 */
@Timeout(60)
class LanDecisionTest {

    @TempDir
    Path temp;

    private Tracker other;
    private LanPresence lan;

    @BeforeEach
    void startTheOtherTracker() throws Exception {
        other = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("other")));
        lan = new LanPresence(ScriptedDiscovery.noMulticast(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        lan.close();
        other.close();
    }

    private PeerConfig hostingOn(int port) throws Exception {
        return new PeerConfig(Files.createDirectories(temp.resolve("late")), List.of(), 0, "late",
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true, OptionalInt.of(port));
    }

    private LanDecision decisionLookingAt(int localPort) throws Exception {
        TrackerTrust trust = TrackerTrust.load(Files.createDirectories(temp.resolve("late/.p2pshare")), List.of());
        return new LanDecision(lan, trust, true, new Endpoint("127.0.0.1", localPort));
    }

    @Test
    void aPeerThatLostThePortToATrackerOfThisMachineRegistersWithIt() throws Exception {
        PeerConfig hosting = hostingOn(other.port());
        Throwable failure = catchThrowable(() -> Peer.start(hosting, bytes -> { }));
        assertThat(failure).isInstanceOf(PeerStartException.HostedTrackerPortTaken.class);
        PeerStartException.HostedTrackerPortTaken taken = (PeerStartException.HostedTrackerPortTaken) failure;

        Optional<PeerConfig> instead = decisionLookingAt(other.port()).afterPortTaken(hosting, taken);

        assertThat(instead).isPresent();
        assertThat(instead.get().hostedTracker()).isEmpty();
        try (Peer peer = Peer.start(instead.get(), bytes -> { })) {
            assertThat(peer.hostedTracker()).isEmpty();
            assertThat(peer.diagnostics().status().tracker().tracker()).isEqualTo(new Endpoint("127.0.0.1", other.port()));
            assertThat(peer.diagnostics().status().tracker().connected()).isTrue();
        }
    }

    @Test
    void aPortOtherThanTheOneThisMachinesTrackerIsLookedForAtIsNotRetried() throws Exception {
        int nobody;
        try (ServerSocket closed = new ServerSocket(0)) {
            nobody = closed.getLocalPort();
        }
        PeerConfig hosting = hostingOn(other.port());
        Throwable failure = catchThrowable(() -> Peer.start(hosting, bytes -> { }));
        assertThat(failure).isInstanceOf(PeerStartException.HostedTrackerPortTaken.class)
                .hasMessageStartingWith("cannot host a tracker on port " + other.port());

        assertThat(decisionLookingAt(nobody).afterPortTaken(hosting, (PeerStartException.HostedTrackerPortTaken) failure))
                .isEmpty();
    }
}

package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.net.TrackerAddress;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that cannot start says why by kind, so that the command line can name the option to
 * change, and leaves its folder free for the next try.
 */
@Timeout(60)
class PeerStartFailureTest {

    @TempDir
    Path temp;

    private PeerConfig config(Endpoint tracker, int port) throws Exception {
        return new PeerConfig(Files.createDirectories(temp.resolve("folder")),
                List.of(new TrackerAddress(tracker, Optional.empty())), port, "solo",
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true);
    }

    @Test
    void aTakenPortIsPortTaken() throws Exception {
        try (Tracker tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
                ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> Peer.start(config(new Endpoint("127.0.0.1", tracker.port()),
                    taken.getLocalPort()), bytes -> { }))
                    .isInstanceOfSatisfying(PeerStartException.PortTaken.class,
                            failure -> assertThat(failure.port()).isEqualTo(taken.getLocalPort()))
                    .hasMessageStartingWith("cannot serve on port " + taken.getLocalPort() + ": ")
                    .hasMessageNotContaining("--port");
        }
    }

    @Test
    void noTrackerIsTrackerUnreachableAndTheFolderIsFreeAfterwards() throws Exception {
        Endpoint nobody;
        try (ServerSocket closed = new ServerSocket(0)) {
            nobody = new Endpoint("127.0.0.1", closed.getLocalPort());
        }
        Endpoint tracker = nobody;
        assertThatThrownBy(() -> Peer.start(config(tracker, 0), bytes -> { }))
                .isInstanceOfSatisfying(PeerStartException.TrackerUnreachable.class,
                        failure -> assertThat(failure.tracker()).isEqualTo(tracker))
                .hasMessageStartingWith("cannot register with the tracker at " + tracker + ": ")
                .hasMessageNotContaining("--tracker");
        assertThatThrownBy(() -> Peer.start(config(tracker, 0), bytes -> { }))
                .as("the first failure let go of the folder's lock")
                .isInstanceOf(PeerStartException.TrackerUnreachable.class);
    }
}

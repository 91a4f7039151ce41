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
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that decides its tracker while it indexes its folder, as one that looks on the LAN does:
 * the tracker it names is the one registered with, and a decision that abandons the start ends the
 * indexing early and leaves the folder free; a tracker hosted as configured starts before the
 * folder is indexed.
 */
@Timeout(60)
class TrackerDecisionTest {

    private static final int FILES = 40;
    private static final int FILE_SIZE = 300_000;

    @TempDir
    Path temp;

    private Tracker tracker;
    private Endpoint nobody;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        try (ServerSocket closed = new ServerSocket(0)) {
            nobody = new Endpoint("127.0.0.1", closed.getLocalPort());
        }
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private PeerConfig configNaming(Endpoint trackerAddress) throws Exception {
        Path folder = Files.createDirectories(temp.resolve("folder"));
        for (int i = 0; i < FILES; i++) {
            Files.write(folder.resolve("notes-" + i + ".bin"), new byte[FILE_SIZE]);
        }
        return new PeerConfig(folder, List.of(new TrackerAddress(trackerAddress, Optional.empty())), 0, "decider",
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true);
    }

    @Test
    void theDecisionNamesTheTrackerRegisteredWith() throws Exception {
        Endpoint real = new Endpoint("127.0.0.1", tracker.port());

        try (Peer peer = Peer.start(configNaming(nobody), bytes -> { },
                given -> given.using(new TrackerAddress(real, Optional.empty())))) {
            assertThat(peer.diagnostics().status().tracker().tracker()).isEqualTo(real);
            assertThat(peer.config().trackerEndpoints()).containsExactly(real);
            assertThat(peer.diagnostics().status().sharedFiles()).isEqualTo(FILES);
        }
    }

    @Test
    void aDecisionThatAbandonsTheStartEndsTheIndexingAndLeavesTheFolderFree() throws Exception {
        PeerConfig config = configNaming(new Endpoint("127.0.0.1", tracker.port()));
        CountDownLatch firstChunk = new CountDownLatch(1);
        AtomicLong hashed = new AtomicLong();

        assertThatThrownBy(() -> Peer.start(config, bytes -> {
            hashed.addAndGet(bytes);
            firstChunk.countDown();
        }, given -> {
            // Decided while the first file is being hashed.
            try {
                firstChunk.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new PeerException("several trackers; choose one");
        })).isInstanceOf(PeerException.class).hasMessage("several trackers; choose one");

        assertThat(hashed.get()).as("bytes hashed before the indexing ended").isPositive()
                .isLessThan((long) FILES * FILE_SIZE);
        try (Peer again = Peer.start(config, bytes -> { })) {
            assertThat(again.diagnostics().status().sharedFiles()).isEqualTo(FILES);
        }
    }

    @Test
    void aTrackerHostedAsConfiguredStartsBeforeTheFolderIsIndexed() throws Exception {
        PeerConfig named = configNaming(nobody);
        PeerConfig hosting = new PeerConfig(named.folder(), List.of(), 0, "decider", Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true, OptionalInt.of(tracker.port()));
        AtomicLong hashed = new AtomicLong();

        assertThatThrownBy(() -> Peer.start(hosting, hashed::addAndGet))
                .isInstanceOf(PeerStartException.HostedTrackerPortTaken.class);
        assertThat(hashed).as("bytes hashed before the taken port was found").hasValue(0);
    }
}

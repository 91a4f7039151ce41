package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random bytes sent inside TLS, where the frame decoder sees them, as any authenticated client
 * could: each connection gets a refusal or is closed, and the peer registered beside the attacks
 * is served throughout.
 */
class RandomBytesAttackTest {

    private static final FileEntry SHARED = new FileEntry(FileId.of("5".repeat(64)), "shared movie.mkv", 9_999);
    private static final NodeIdentity ATTACKER = NodeIdentity.generate("attacker");

    private static Tracker tracker;
    private static TrackerClient bystander;

    @BeforeContainer
    static void startTrackerWithABystander() throws IOException {
        tracker = TestTrackers.onLoopback();
        bystander = TrackerClient.connect(tracker.port());
        bystander.hello();
        bystander.register("bystander", 7001, SHARED);
    }

    @AfterContainer
    static void stopTracker() throws IOException {
        bystander.close();
        tracker.close();
    }

    @Property(tries = 150)
    void randomBytesAreRefusedOrCutOffAndTheBystanderIsStillServed(@ForAll @Size(min = 1, max = 4096) byte[] bytes,
            @ForAll boolean helloFirst) throws IOException {
        try (TrackerClient attacker = TrackerClient.connect(tracker.port(), ATTACKER)) {
            if (helloFirst) {
                attacker.hello();
            }
            try {
                attacker.sendRaw(bytes);
                attacker.shutdownOutput();
                // Whatever comes back, the tracker must end the conversation rather than wait.
                while (attacker.receiveUnlessClosed().isPresent()) {
                    continue;
                }
            } catch (IOException closedUnderTheAttacker) {
                // A reset, or an answer cut short by the close: the tracker refused by hanging up.
                assertThat(closedUnderTheAttacker).isNotInstanceOf(SocketTimeoutException.class);
            }
        }
        assertThat(bystander.request(new Message.Search("movie", 10))).isEqualTo(new Message.SearchResult(
                List.of(new SearchHit(SHARED.id(), SHARED.name(), SHARED.size(), 1, 0)), false));
    }
}

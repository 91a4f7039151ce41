package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.transfer.DownloadListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits changed while a download runs, between two peers through a real tracker: the rate
 * is measured in verified bytes over wall time, from one chunk's arrival to a later one's, before
 * and after the change, and the new rate must hold from the first chunk after it, which comes
 * within a second.
 */
@Timeout(120)
class LiveRateLimitTest {

    private static final int MIB = 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private TestNetwork network;

    @BeforeEach
    void start() throws Exception {
        network = new TestNetwork(temp);
        network.randomFile("alice", "film.mkv", 32 * MIB, 7);
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
    }

    @Test
    void aRaisedDownloadLimitSpeedsUpTheDownloadAlreadyRunning() throws Exception {
        network.startPeer("alice");
        Peer bob = network.startPeer("bob", 0, 2L * MIB);
        Arrivals arrivals = download(bob);

        assertThat(arrivals.rateOver(4 * MIB).mibPerSecond()).isBetween(1.5, 2.6);

        double after = rateAfter(() -> bob.rateLimits().limitDownloads(8L * MIB), arrivals, 6 * MIB);

        // A loaded machine may fall short of 8 MiB/s; twice the old limit and more is the change taking hold.
        assertThat(after).isBetween(4.5, 10.5);
        assertThat(bob.rateLimits().download()).isEqualTo(8L * MIB);
    }

    @Test
    void aLoweredUploadLimitSlowsTheDownloadItServes() throws Exception {
        Peer alice = network.startPeer("alice", 8L * MIB);
        Arrivals arrivals = download(network.startPeer("bob"));

        assertThat(arrivals.rateOver(6 * MIB).mibPerSecond()).isBetween(4.5, 10.5);

        double after = rateAfter(() -> alice.rateLimits().limitUploads(2L * MIB), arrivals, 4 * MIB);

        assertThat(after).isBetween(1.5, 2.9);
        assertThat(alice.rateLimits().upload()).isEqualTo(2L * MIB);
    }

    @Test
    void theDownloadLimitIsSharedByAllDownloads() throws Exception {
        network.randomFile("alice", "show.mkv", 32 * MIB, 8);
        network.startPeer("alice");
        Peer bob = network.startPeer("bob", 0, 4L * MIB);
        Arrivals film = download(bob, "film.mkv");
        Arrivals show = download(bob, "show.mkv");

        long filmBefore = film.bytes();
        long showBefore = show.bytes();
        long start = System.nanoTime();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> film.bytes() + show.bytes() >= filmBefore + showBefore + 8L * MIB);
        double seconds = (System.nanoTime() - start) / 1e9;

        // 8 MiB at 4 MiB/s in all: about two seconds, give or take a chunk; each alone would take one.
        assertThat(8 / seconds).isBetween(3.0, 5.5);
    }

    private static Arrivals download(Peer peer) throws Exception {
        return download(peer, "film.mkv");
    }

    private static Arrivals download(Peer peer, String name) throws Exception {
        Arrivals arrivals = new Arrivals();
        assertThat(peer.fetching().background().start(peer.fetching().resolve(name, List.of()), Optional.empty(),
                arrivals, ending -> { })).isTrue();
        // The first chunk owes nothing to the limits: measuring starts once the download is under way.
        await().atMost(PATIENCE).until(() -> arrivals.bytes() > 0);
        return arrivals;
    }

    /**
     * Makes {@code change} while the download {@code arrivals} hears of runs, and gives the rate in
     * MiB/s over {@code bytes} from the first chunk after it, which must come within a second.
     */
    private static double rateAfter(Runnable change, Arrivals arrivals, long bytes) {
        long changed = System.nanoTime();
        change.run();
        Rate after = arrivals.rateOver(bytes);
        assertThat(Duration.ofNanos(after.fromNanos() - changed)).isLessThan(Duration.ofSeconds(1));
        return after.mibPerSecond();
    }

    /** A rate measured from one chunk's arrival, at {@code fromNanos}, to a later one's. */
    private record Rate(long fromNanos, double mibPerSecond) {
    }

    /** When each chunk of one download was verified and written, and how many bytes were in by then. */
    private static final class Arrivals implements DownloadListener {

        private record Arrival(long nanos, long bytes) {
        }

        private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

        @Override
        public void progressed(long bytesDone) {
            arrivals.add(new Arrival(System.nanoTime(), bytesDone));
        }

        long bytes() {
            return arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1).bytes();
        }

        /** Waits for the next chunk to arrive, then for {@code bytes} more, and gives the rate in between. */
        Rate rateOver(long bytes) {
            int seen = arrivals.size();
            Arrival first = await().atMost(PATIENCE)
                    .until(() -> arrivals.size() > seen ? arrivals.get(seen) : null, Objects::nonNull);
            Arrival last = await().atMost(PATIENCE).until(() -> arrivals.stream()
                    .filter(arrival -> arrival.bytes() >= first.bytes() + bytes).findFirst().orElse(null),
                    Objects::nonNull);
            return new Rate(first.nanos(), (last.bytes() - first.bytes()) * 1e9 / (last.nanos() - first.nanos()) / MIB);
        }
    }
}

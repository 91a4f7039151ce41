package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.protocol.SearchHit;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from several peers at once, through a real tracker: seeders that all contribute,
 * seeders that disappear, downloaders that feed each other, and a seeder that serves bad bytes.
 * Seeders are slowed down with an upload limit, so that a download lasts long enough for
 * everything it should do to happen.
 */
@Timeout(180)
class SwarmNetworkTest {

    private static final int MIB = 1024 * 1024;
    private static final long SLOW = 8L * MIB;

    @TempDir
    Path temp;

    private TestNetwork network;

    @BeforeEach
    void start() throws Exception {
        network = new TestNetwork(temp);
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Starts {@code names} as seeders of the same random file, each serving at most {@code limit} bytes/s. */
    private List<Peer> seeders(int size, long limit, String... names) throws Exception {
        List<Peer> seeders = new ArrayList<>();
        for (String name : names) {
            network.randomFile(name, "film.mkv", size, 99);
            seeders.add(network.startPeer(name, limit));
        }
        return seeders;
    }

    private static DownloadResult get(Peer peer, DownloadListener listener) throws Exception {
        SearchHit hit = peer.fetching().search("film").hits().get(0);
        return peer.fetching().download(peer.fetching().resolve(hit.id().hex(), List.of()), Optional.empty(), listener, new Cancellation());
    }

    @Test
    void threeSeedersAllContributeToOneDownload() throws Exception {
        seeders(32 * MIB, SLOW, "alice", "bob", "carol");
        Peer dave = network.startPeer("dave");

        DownloadResult result = get(dave, DownloadListener.NONE);

        assertThat(sha256(result.file())).isEqualTo(sha256(network.folder("alice").resolve("film.mkv")));
        assertThat(result.sources()).containsExactlyInAnyOrder("alice", "bob", "carol");
    }

    @Test
    void downloadFinishesFromTheLastSeederWhenTwoOfThreeDisappearMidway() throws Exception {
        List<Peer> seeders = seeders(32 * MIB, SLOW, "alice", "bob", "carol");
        Peer dave = network.startPeer("dave");
        AtomicBoolean killed = new AtomicBoolean();
        DownloadListener killAtAQuarter = new DownloadListener() {
            @Override
            public void progressed(long bytesDone) {
                if (bytesDone >= 8L * MIB && killed.compareAndSet(false, true)) {
                    // Closing from another thread, as a crash would: the download must not wait for it.
                    CompletableFuture.runAsync(() -> {
                        seeders.get(0).close();
                        seeders.get(1).close();
                    });
                }
            }
        };

        DownloadResult result = get(dave, killAtAQuarter);

        assertThat(killed).isTrue();
        assertThat(sha256(result.file())).isEqualTo(sha256(network.folder("carol").resolve("film.mkv")));
        assertThat(result.sources()).contains("carol");
    }

    @Test
    void downloadersOfTheSameFileServeEachOther() throws Exception {
        int size = 32 * MIB;
        Peer seeder = seeders(size, 16L * MIB, "seeder").get(0);
        List<Peer> downloaders = new ArrayList<>();
        for (String name : List.of("d1", "d2", "d3", "d4")) {
            downloaders.add(network.startPeer(name));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<DownloadResult>> results = new ArrayList<>();
            for (Peer downloader : downloaders) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(downloader, DownloadListener.NONE);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            String original = sha256(network.folder("seeder").resolve("film.mkv"));
            for (CompletableFuture<DownloadResult> result : results) {
                assertThat(sha256(result.get().file())).isEqualTo(original);
            }
        } finally {
            threads.shutdown();
        }
        long fromSeeder = seeder.diagnostics().status().uploads().bytes();
        long fromDownloaders = downloaders.stream().mapToLong(peer -> peer.diagnostics().status().uploads().bytes())
                .sum();
        // Four copies were made; without exchange all four would have come from the seeder. (Runs
        // here give the seeder about two copies and the downloaders the other two.)
        assertThat(fromSeeder + fromDownloaders).isGreaterThanOrEqualTo(4L * size);
        assertThat(fromDownloaders).isGreaterThanOrEqualTo(size / 2);
        assertThat(fromSeeder).isLessThan(7L * size / 2);
    }

    @Test
    void seederWhoseFileChangedOnDiskServesNoneOfItAndIsNotBanned() throws Exception {
        List<Peer> seeders = seeders(16 * MIB, SLOW, "honest", "mallory");
        // Mallory's file changes on disk after it was indexed: its bytes no longer match the id it
        // announced, so it must not serve them, and it is not lying.
        try (RandomAccessFile file = new RandomAccessFile(network.folder("mallory").resolve("film.mkv").toFile(), "rw")) {
            for (long offset = 0; offset < file.length(); offset += MIB) {
                file.seek(offset);
                file.write(0x55);
            }
        }
        Peer dave = network.startPeer("dave");

        DownloadResult result = get(dave, DownloadListener.NONE);

        assertThat(sha256(result.file())).isEqualTo(sha256(network.folder("honest").resolve("film.mkv")));
        assertThat(result.sources()).containsExactly("honest");
        assertThat(dave.diagnostics().status().bans()).isEmpty();
        assertThat(seeders.get(1).diagnostics().status().uploads().chunks()).isZero();
    }
}

package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.net.SearchResults;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files added, changed and removed in a running peer's folder, by something other than the peer,
 * reach the tracker within two seconds; a file still being written does not until it is done.
 */
@Timeout(60)
class LiveFolderTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    Path temp;

    private TestNetwork network;
    private Peer alice;
    private Peer bob;

    @BeforeEach
    void start() throws Exception {
        network = new TestNetwork(temp);
        alice = network.startPeer("alice");
        bob = network.startPeer("bob");
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
    }

    private List<SearchHit> search(String words) throws IOException {
        SearchResults result = bob.fetching().search(words);
        return result.hits();
    }

    @Test
    void addedChangedAndRemovedFilesReachTheTrackerWithinTwoSeconds() throws Exception {
        Path folder = network.folder("alice");
        Files.writeString(folder.resolve("fresh notes.txt"), "first version\n");
        List<SearchHit> first = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> search("fresh"), hits -> hits.size() == 1);
        assertThat(first.get(0).size()).isEqualTo(14);

        Files.writeString(folder.resolve("fresh notes.txt"), "the second version, longer\n");
        List<SearchHit> second = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> search("fresh"), hits -> hits.size() == 1 && !hits.get(0).id().equals(first.get(0).id()));
        assertThat(second.get(0).size()).isEqualTo(27);
        assertThat(alice.sharing().files()).extracting(file -> file.id()).contains(second.get(0).id())
                .doesNotContain(first.get(0).id());

        Files.createDirectories(folder.resolve("new folder"));
        Files.writeString(folder.resolve("new folder/deeper.txt"), "in a folder made after the start\n");
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50)).until(() -> search("deeper"), hits -> hits.size() == 1);

        Files.delete(folder.resolve("fresh notes.txt"));
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50)).until(() -> search("fresh"), List::isEmpty);
        assertThat(alice.sharing().files()).extracting(file -> file.name()).containsExactly("deeper.txt");
    }

    @Test
    void copiesAndHardLinksAreFoundUnderEachNameUntilTheyGo() throws Exception {
        Path folder = network.folder("alice");
        Path original = Files.writeString(folder.resolve("budget 2024.xlsx"), "the same bytes in three places\n");
        List<SearchHit> first = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> search("budget"), hits -> hits.size() == 1);
        Files.copy(original, folder.resolve("copy for anna.xlsx"));
        Files.createLink(folder.resolve("linked report.xlsx"), original);

        for (String word : List.of("budget", "anna", "linked")) {
            List<SearchHit> hits = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                    .until(() -> search(word), found -> found.size() == 1);
            assertThat(hits.get(0).id()).as(word).isEqualTo(first.get(0).id());
        }
        assertThat(alice.sharing().files()).extracting(file -> file.name())
                .containsExactly("budget 2024.xlsx", "copy for anna.xlsx", "linked report.xlsx");

        Files.delete(original);
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50)).until(() -> search("budget"), List::isEmpty);
        assertThat(search("anna")).extracting(SearchHit::id).containsExactly(first.get(0).id());
        assertThat(search("linked")).extracting(SearchHit::name).containsExactly("linked report.xlsx");
    }

    @Test
    void fileRewrittenWithItsModificationTimePutBackIsSharedUnderItsNewId() throws Exception {
        Path file = Files.writeString(network.folder("alice").resolve("ledger.csv"), "balance,100\n");
        List<SearchHit> before = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> search("ledger"), hits -> hits.size() == 1);
        FileTime modified = Files.getLastModifiedTime(file);

        Files.writeString(file, "balance,999\n");
        Files.setLastModifiedTime(file, modified);

        List<SearchHit> after = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> search("ledger"), hits -> hits.size() == 1 && !hits.get(0).id().equals(before.get(0).id()));
        byte[] rewritten = "balance,999\n".getBytes(StandardCharsets.UTF_8);
        assertThat(after.get(0).id())
                .isEqualTo(new Manifest.Builder(rewritten.length).addChunk(rewritten, 0, rewritten.length).build().id());
        assertThat(alice.sharing().files()).extracting(SharedFile::id).containsExactly(after.get(0).id());
    }

    @Test
    void aFileBeingWrittenIsAnnouncedOnlyWhenItIsComplete() throws Exception {
        Path growing = network.folder("alice").resolve("recording.wav");
        byte[] piece = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(growing)) {
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) {
                out.write(piece);
                out.flush();
                assertThat(search("recording")).as("announced while still being written").isEmpty();
                // The pace of a slow writer, not a wait for a condition: well within the half second
                // after which an unchanged file counts as complete.
                Thread.sleep(50);
            }
        }
        long size = Files.size(growing);
        List<SearchHit> hits = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> search("recording"), found -> found.size() == 1);
        assertThat(hits.get(0).size()).as("announced whole").isEqualTo(size);
    }
}

package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.net.OnlinePeers;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadSnapshot;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SearchHit;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A tracker and three peers in one JVM: search, download, departures, and a tracker restart. */
@Timeout(120)
class PeerNetworkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private TestNetwork network;
    private Peer alice;
    private Peer bob;
    private Peer carol;

    @BeforeEach
    void startNetwork() throws Exception {
        network = new TestNetwork(temp);
        network.randomFile("alice", "holiday-2024.mp4", 3 * 1024 * 1024 + 17, 1);
        Files.writeString(network.folder("alice").resolve("notes.txt"), "hello\n");
        Files.createDirectories(network.folder("alice").resolve("photos"));
        network.randomFile("alice", "photos/beach.jpg", 200_000, 2);
        Files.writeString(network.folder("bob").resolve("notes.txt"), "hello\n");
        alice = network.startPeer("alice");
        bob = network.startPeer("bob");
        carol = network.startPeer("carol");
    }

    @AfterEach
    void stopNetwork() throws Exception {
        network.close();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private DownloadResult get(Peer peer, String target, List<SearchHit> lastHits, Optional<String> saveAs)
            throws Exception {
        return peer.fetching().download(peer.fetching().resolve(target, lastHits), saveAs, DownloadListener.NONE, new Cancellation());
    }

    @Test
    void searchMatchesEveryWordIgnoringCaseAndCountsSources() throws Exception {
        assertThat(carol.fetching().search("HOLIDAY mp4").hits()).extracting(SearchHit::name).containsExactly("holiday-2024.mp4");
        assertThat(carol.fetching().search("notes").hits()).singleElement().satisfies(hit -> {
            assertThat(hit.sources()).isEqualTo(2);
            assertThat(hit.size()).isEqualTo(6);
            assertThat(hit.id().hex()).isEqualTo("46720e88f936d133da42bc02170ddd268966d986f7f76115dc08751e33a78ecb");
        });
        assertThat(carol.fetching().search("beach").hits()).extracting(SearchHit::name).containsExactly("beach.jpg");
        assertThat(carol.fetching().search("holiday txt").hits()).isEmpty();
    }

    @Test
    void getByResultNumberFetchesIdenticalBytesAndSharesThem() throws Exception {
        List<SearchHit> hits = carol.fetching().search("holiday").hits();
        DownloadResult result = get(carol, "#1", hits, Optional.empty());

        Path original = network.folder("alice").resolve("holiday-2024.mp4");
        assertThat(result.file()).isEqualTo(network.folder("carol").resolve("holiday-2024.mp4"));
        assertThat(sha256(result.file())).isEqualTo(sha256(original));
        assertThat(result.sources()).containsExactly("alice");
        assertThat(Files.list(network.folder("carol").resolve(".p2pshare/downloads"))).isEmpty();
        assertThat(carol.sharing().files()).extracting(SharedFile::name).contains("holiday-2024.mp4");
        assertThat(bob.fetching().search("holiday").hits()).singleElement().extracting(SearchHit::sources).isEqualTo(2);
    }

    @Test
    void getByIdPrefixByExactNameAndUnderAnotherName() throws Exception {
        SearchHit beach = carol.fetching().search("beach").hits().get(0);
        DownloadResult byPrefix = get(carol, beach.id().hex().substring(0, 8), List.of(), Optional.empty());
        assertThat(byPrefix.file().getFileName()).hasToString("beach.jpg");

        DownloadResult byName = get(bob, "holiday-2024.mp4", List.of(), Optional.of("film.mp4"));
        assertThat(byName.file()).isEqualTo(network.folder("bob").resolve("film.mp4"));
        assertThat(sha256(byName.file())).isEqualTo(sha256(network.folder("alice").resolve("holiday-2024.mp4")));
    }

    @Test
    void fileIsSavedUnderTheNameItWasPickedByNotAnotherSharersName() throws Exception {
        Files.writeString(network.folder("frank").resolve("report.pdf"), "same bytes");
        Files.writeString(network.folder("gina").resolve("invoice.pdf.exe"), "same bytes");
        network.startPeer("frank");
        network.startPeer("gina");
        Peer dave = network.startPeer("dave");
        Peer erin = network.startPeer("erin");

        DownloadResult byName = get(dave, "report.pdf", List.of(), Optional.empty());
        assertThat(byName.file().getFileName()).hasToString("report.pdf");

        List<SearchHit> hits = erin.fetching().search("invoice").hits();
        DownloadResult byNumber = get(erin, "#1", hits, Optional.empty());
        assertThat(byNumber.file().getFileName()).hasToString(hits.get(0).name());
    }

    @Test
    void downloadNeverReplacesADifferentFileOfTheSameName() throws Exception {
        Path mine = Files.writeString(network.folder("carol").resolve("holiday-2024.mp4"), "my own video");
        // Carol's file is not indexed yet (it appeared after start), so only its name is in the way.
        DownloadResult result = get(carol, "holiday-2024.mp4", List.of(), Optional.empty());
        assertThat(result.file().getFileName()).hasToString("holiday-2024 (1).mp4");
        assertThat(Files.readString(mine)).isEqualTo("my own video");
    }

    @Test
    void getOfAFileAlreadySharedFetchesNothing() throws Exception {
        DownloadResult result = get(bob, "notes.txt", List.of(), Optional.empty());
        assertThat(result.alreadyShared()).isTrue();
        assertThat(result.file()).isEqualTo(network.folder("bob").resolve("notes.txt"));
    }

    @Test
    void targetsThatNameNothingFailClearly() {
        assertThatThrownBy(() -> carol.fetching().resolve("no-such-file.txt", List.of()))
                .isInstanceOf(DownloadException.class)
                .hasMessage("no file shared online is named 'no-such-file.txt' or has an id starting with it;"
                        + " 'search' finds files by a word of their name");
        assertThatThrownBy(() -> carol.fetching().resolve("ffffff", List.of()))
                .isInstanceOf(DownloadException.class)
                .hasMessageStartingWith("no file shared online is named 'ffffff' or has an id starting with it");
        assertThatThrownBy(() -> carol.fetching().resolve("#3", List.of()))
                .isInstanceOfSatisfying(DownloadException.class,
                        failure -> assertThat(failure.remedy()).isEqualTo(DownloadException.Remedy.SEARCH_FIRST))
                .hasMessage("there are no search results to pick #3 from");
    }

    @Test
    void killedPeerIsGoneFromListsAtOnce() throws Exception {
        SharedFile aliceFile = alice.sharing().files().get(0);
        Socket ghost = network.registerGhost("dave", 9, List.of(new FileEntry(aliceFile.id(), "copy.bin", aliceFile.size())));
        assertThat(carol.messaging().peers().peers()).extracting(PeerEntry::name).contains("dave");
        ghost.close();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(carol.messaging().peers().peers()).extracting(PeerEntry::name)
                        .containsExactlyInAnyOrder("alice", "bob", "carol"));
    }

    @Test
    void downloadFromOnlyDeadSourcesFailsAndLeavesNothingBehind() throws Exception {
        byte[] content = "only the ghost has this".getBytes(StandardCharsets.UTF_8);
        Path elsewhere = Files.write(temp.resolve("ghost-file.txt"), content);
        Manifest manifest = new FileHasher().hash(elsewhere, bytes -> { });
        network.registerGhost("ghost", 9, List.of(new FileEntry(manifest.id(), "ghost-file.txt", content.length)));

        assertThatThrownBy(() -> get(carol, "ghost-file.txt", List.of(), Optional.empty()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("no peer could provide the rest of 'ghost-file.txt'")
                .hasMessageContaining("ghost (127.0.0.1:9): Connection refused");
        assertThat(network.folder("carol").resolve("ghost-file.txt")).doesNotExist();
        assertThat(Files.list(network.folder("carol").resolve(".p2pshare/downloads"))).isEmpty();
        assertThat(carol.diagnostics().status().downloads()).singleElement().satisfies(download -> {
            assertThat(download.state()).isEqualTo(DownloadSnapshot.State.FAILED);
            assertThat(download.name()).isEqualTo("ghost-file.txt");
        });
    }

    @Test
    void peersRegisterAgainAfterTheTrackerRestarts() throws Exception {
        int port = network.tracker().port();
        network.tracker().close();
        await().atMost(PATIENCE).until(() -> !carol.diagnostics().status().tracker().connected());
        assertThatThrownBy(() -> carol.fetching().search("notes")).hasMessageContaining("not connected to the tracker");

        network.startTracker(port);
        await().atMost(PATIENCE).until(() -> network.tracker().peerCount() == 3);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(carol.fetching().search("notes").hits()).singleElement().extracting(SearchHit::sources).isEqualTo(2));
        assertThat(carol.diagnostics().status().tracker().registrations()).isEqualTo(2);
    }

    @Test
    void sharedFileIsFoundByOthersAsSoonAsShareReturns() throws Exception {
        Path outside = Files.writeString(temp.resolve("report.pdf"), "quarterly numbers");
        SharedFile shared = bob.sharing().share(outside);
        assertThat(shared.path()).isEqualTo(network.folder("bob").resolve("report.pdf"));
        assertThat(Files.readString(shared.path())).isEqualTo("quarterly numbers");
        assertThat(carol.fetching().search("report").hits()).extracting(SearchHit::id).containsExactly(shared.id());
    }

    @Test
    void restartedPeerUsesItsHashCache() throws Exception {
        alice.close();
        Peer again = network.startPeer("alice");
        assertThat(again.initialScan().hashedFiles()).isZero();
        assertThat(again.sharing().files()).hasSize(3);
        assertThat(carol.fetching().search("holiday").hits()).singleElement().extracting(SearchHit::sources).isEqualTo(1);
    }

    @Test
    void tooManySearchWordsAreRefusedByTheTracker() {
        String seventeenWords = "a b c d e f g h i j k l m n o p q";
        assertThatThrownBy(() -> carol.fetching().search(seventeenWords)).isInstanceOf(IOException.class)
                .hasMessageContaining("at most 16 words");
    }

    @Test
    void peerListShowsEveryoneWithTheirServingPorts() throws Exception {
        OnlinePeers list = carol.messaging().peers();
        assertThat(list.peers()).extracting(PeerEntry::name).containsExactly("alice", "bob", "carol");
        assertThat(list.peers()).filteredOn(peer -> peer.name().equals("alice")).singleElement()
                .satisfies(peer -> {
                    assertThat(peer.port()).isEqualTo(alice.serving().port());
                    assertThat(peer.files()).isEqualTo(3);
                    assertThat(peer.host()).isEqualTo("127.0.0.1");
                });
    }
}

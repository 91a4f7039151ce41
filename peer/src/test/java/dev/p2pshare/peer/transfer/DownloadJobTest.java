package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.Publisher;
import dev.p2pshare.peer.folder.HashCache;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.transfer.FakeSource.Behaviour;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One download against fake sources that behave well or badly, found through a fake tracker. */
@Timeout(120)
class DownloadJobTest {

    /** Twenty full chunks and a short last one. */
    private static final byte[] CONTENT = content(20 * Manifest.CHUNK_SIZE + 123);
    private static final Manifest MANIFEST = FakeSource.manifestOf(CONTENT);
    private static final FileId ID = MANIFEST.id();
    private static final int CHUNKS = MANIFEST.chunkCount();
    private static final FileEntry ENTRY = new FileEntry(ID, "data.bin", CONTENT.length);

    @TempDir
    Path temp;

    private final List<FakeSource> fakes = new ArrayList<>();
    private final List<SourceEntry> listed = new CopyOnWriteArrayList<>();
    private final List<Downloads> started = new ArrayList<>();
    private StateDirectory state;

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    @BeforeEach
    void folder() throws Exception {
        state = StateDirectory.of(Files.createDirectories(temp.resolve("peer")));
    }

    @AfterEach
    void stop() {
        started.forEach(Downloads::close);
        fakes.forEach(FakeSource::close);
    }

    private FakeSource source(String name, Behaviour behaviour) throws Exception {
        return source(name, behaviour, FakeSource.all(CHUNKS));
    }

    private FakeSource source(String name, Behaviour behaviour, BitSet holds) throws Exception {
        FakeSource fake = new FakeSource(name, CONTENT, behaviour, holds);
        fakes.add(fake);
        listed.add(fake.asSource());
        return fake;
    }

    /** A peer's downloads, finding sources in {@link #listed}, as if just started on the folder. */
    private Downloads downloads() {
        SharedFiles shared = new SharedFiles();
        Publisher publisher = new Publisher(shared, HashCache.load(state.hashCache()),
                added -> CompletableFuture.completedFuture(null), Duration.ofSeconds(1));
        Downloads downloads = new Downloads(Transport.plaintext(), state, shared, new PartialFiles(), publisher,
                id -> new Message.LocateResult(ENTRY, List.copyOf(listed)), holding -> { }, Optional::empty,
                new Downloads.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        started.add(downloads);
        return downloads;
    }

    private DownloadResult get(Downloads downloads) throws Exception {
        return downloads.start(ID, "data.bin").await(DownloadListener.NONE, new Cancellation());
    }

    private Path saved() {
        return state.folder().resolve("data.bin");
    }

    private static BitSet firstHalf() {
        BitSet half = new BitSet(CHUNKS);
        half.set(0, CHUNKS / 2);
        return half;
    }

    @Test
    void honestSourceDeliversTheExactBytesAndLeavesNoPartFilesBehind() throws Exception {
        source("alice", Behaviour.HONEST);
        DownloadResult result = get(downloads());
        assertThat(result.file()).isEqualTo(saved());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactly("alice");
        assertThat(result.fetchedBytes()).isEqualTo(CONTENT.length);
        assertThat(Files.list(state.downloads())).isEmpty();
    }

    @Test
    void everySourceContributesAtOnce() throws Exception {
        // Slow sources: at full speed on loopback, two could finish the file before the third connects.
        source("alice", Behaviour.HONEST_AND_SLOW);
        source("bob", Behaviour.HONEST_AND_SLOW);
        source("carol", Behaviour.HONEST_AND_SLOW);
        DownloadResult result = get(downloads());
        assertThat(result.sources()).containsExactlyInAnyOrder("alice", "bob", "carol");
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(fakes).allSatisfy(fake -> assertThat(fake.chunksSent()).isPositive());
    }

    @Test
    void sourceSendingCorruptChunksIsBannedAndTheOthersFinish() throws Exception {
        source("mallory", Behaviour.CORRUPTS_EVERY_CHUNK);
        source("bob", Behaviour.HONEST);
        Downloads downloads = downloads();
        DownloadResult result = get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactly("bob");
        assertThat(downloads.bans().list()).singleElement().satisfies(ban -> {
            assertThat(ban.name()).isEqualTo("mallory");
            assertThat(ban.reason()).isEqualTo("3 chunks of 'data.bin' (" + ID.shortHex() + ") failed verification");
        });
    }

    @Test
    void sourcesThatDieOrStallAreDroppedAndTheRestFinish() throws Exception {
        source("carol", Behaviour.DIES_AFTER_TWO_CHUNKS);
        source("slowpoke", Behaviour.STALLS_AFTER_ONE_CHUNK);
        source("bob", Behaviour.HONEST);
        DownloadResult result = get(downloads());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).contains("bob");
    }

    @Test
    void sourceWhoseManifestDoesNotMatchTheIdIsBanned() throws Exception {
        FakeSource liar = source("mallory", Behaviour.LIES_ABOUT_THE_MANIFEST);
        source("bob", Behaviour.HONEST);
        Downloads downloads = downloads();
        get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(liar.chunksSent()).isZero();
        assertThat(downloads.bans().list()).extracting(Bans.Ban::name).containsExactly("mallory");
    }

    @Test
    void peersThatEachHavePartOfTheFileTogetherProvideAllOfIt() throws Exception {
        BitSet even = new BitSet(CHUNKS);
        BitSet odd = new BitSet(CHUNKS);
        for (int i = 0; i < CHUNKS; i++) {
            (i % 2 == 0 ? even : odd).set(i);
        }
        source("evens", Behaviour.HONEST, even);
        source("odds", Behaviour.HONEST, odd);
        DownloadResult result = get(downloads());
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.sources()).containsExactlyInAnyOrder("evens", "odds");
    }

    @Test
    void withNoSourceLeftItWaitsThenGivesUpKeepingWhatItHas() throws Exception {
        source("half", Behaviour.HONEST, firstHalf());
        Downloads downloads = downloads();
        assertThatThrownBy(() -> get(downloads))
                .isInstanceOf(PeerException.class)
                .hasMessageContaining("no peer could provide the rest of 'data.bin'")
                .hasMessageContaining("kept 10 of 21 chunks; run 'get' again to resume it");
        assertThat(state.stateFile(ID)).exists();
        assertThat(saved()).doesNotExist();
        assertThat(downloads.snapshots()).singleElement().extracting(DownloadJob.Snapshot::state)
                .isEqualTo(DownloadJob.State.FAILED);

        source("bob", Behaviour.HONEST);
        DownloadResult result = get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.bytesBefore()).isEqualTo(10L * Manifest.CHUNK_SIZE);
        assertThat(result.fetchedBytes()).isEqualTo(CONTENT.length - 10L * Manifest.CHUNK_SIZE);
    }

    @Test
    void pausedDownloadKeepsWhatItHasAndGetAgainResumesIt() throws Exception {
        source("half", Behaviour.HONEST, firstHalf());
        Downloads downloads = downloads();
        DownloadJob job = downloads.start(ID, "data.bin");
        await().atMost(Duration.ofSeconds(20)).until(() -> job.snapshot().bytesHave() == 10L * Manifest.CHUNK_SIZE);
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> job.await(DownloadListener.NONE, cancellation))
                .isInstanceOf(PeerException.class)
                .hasMessageContaining("is paused with 10 of 21 chunks; run 'get' again to resume it");

        source("bob", Behaviour.HONEST);
        DownloadResult result = get(downloads);
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(result.fetchedBytes()).isEqualTo(CONTENT.length - 10L * Manifest.CHUNK_SIZE);
    }

    @Test
    void peerStartedAgainResumesUnfinishedDownloadsByItself() throws Exception {
        source("half", Behaviour.HONEST, firstHalf());
        Downloads first = downloads();
        DownloadJob job = first.start(ID, "data.bin");
        await().atMost(Duration.ofSeconds(20)).until(() -> job.snapshot().bytesHave() == 10L * Manifest.CHUNK_SIZE);
        first.close();

        source("bob", Behaviour.HONEST);
        Downloads again = downloads();
        again.resumeUnfinished();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(saved()));
        assertThat(Files.readAllBytes(saved())).isEqualTo(CONTENT);
        assertThat(again.snapshots()).singleElement().extracting(DownloadJob.Snapshot::state)
                .isEqualTo(DownloadJob.State.DONE);
    }
}

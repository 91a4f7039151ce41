package dev.p2pshare.peer.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.transfer.FakeSource.Behaviour;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One download against sources that behave well or badly, in a fixed order. */
@Timeout(60)
class FileTransferTest {

    /** Five full chunks and a short sixth. */
    private static final byte[] CONTENT = content(5 * Manifest.CHUNK_SIZE + 123);

    /** Short, so that a stalled source is given up within the test's patience. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path temp;

    private final List<FakeSource> sources = new ArrayList<>();

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private PeerEntry source(String name, Behaviour behaviour) throws Exception {
        FakeSource source = new FakeSource(CONTENT, behaviour);
        sources.add(source);
        return source.asSource(name);
    }

    private FileTransfer transfer(Path part, PeerEntry... order) {
        FileEntry entry = new FileEntry(FakeSource.manifestOf(CONTENT).id(), "data.bin", CONTENT.length);
        return new FileTransfer(Transport.withDefaults(), entry, List.of(order), part, DownloadListener.NONE,
                new Cancellation(), STALL_LIMIT);
    }

    @AfterEach
    void stopSources() {
        sources.forEach(FakeSource::close);
    }

    @Test
    void honestSourceDeliversTheExactBytes() throws Exception {
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, source("alice", Behaviour.HONEST));
        assertThat(transfer.run()).containsExactly("alice");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(transfer.manifest().id()).isEqualTo(FakeSource.manifestOf(CONTENT).id());
    }

    @Test
    void sourceSendingACorruptChunkIsDroppedAndTheNextOneFinishes() throws Exception {
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, source("mallory", Behaviour.CORRUPTS_CHUNK_ONE),
                source("bob", Behaviour.HONEST));
        assertThat(transfer.run()).containsExactly("mallory", "bob");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
    }

    @Test
    void sourceThatDiesMidwayIsReplacedAndOnlyTheRestIsFetchedAgain() throws Exception {
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, source("carol", Behaviour.DIES_AFTER_TWO_CHUNKS),
                source("bob", Behaviour.HONEST));
        assertThat(transfer.run()).containsExactly("carol", "bob");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(sources.get(1).chunksSent()).isEqualTo(Manifest.chunkCount(CONTENT.length) - 2);
    }

    @Test
    void sourceThatStallsIsDroppedAndTheNextOneFinishes() throws Exception {
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, source("slowpoke", Behaviour.STALLS_AFTER_ONE_CHUNK),
                source("bob", Behaviour.HONEST));
        assertThat(transfer.run()).containsExactly("slowpoke", "bob");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(sources.get(1).chunksSent()).isEqualTo(Manifest.chunkCount(CONTENT.length) - 1);
    }

    @Test
    void manifestThatDoesNotMatchTheIdIsNeverUsed() throws Exception {
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, source("mallory", Behaviour.LIES_ABOUT_THE_MANIFEST),
                source("bob", Behaviour.HONEST));
        assertThat(transfer.run()).containsExactly("bob");
        assertThat(sources.get(0).chunksSent()).isZero();
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
    }

    @Test
    void whenEverySourceFailsTheErrorNamesEachOne() throws Exception {
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, source("mallory", Behaviour.CORRUPTS_CHUNK_ONE),
                source("dave", Behaviour.DOES_NOT_HAVE_IT));
        assertThatThrownBy(transfer::run)
                .isInstanceOf(PeerException.class)
                .hasMessageContaining("5 of 6 chunks are missing and no source is left")
                .hasMessageContaining("mallory (127.0.0.1:")
                .hasMessageContaining("sent chunk 1 with the wrong hash")
                .hasMessageContaining("dave (127.0.0.1:")
                .hasMessageContaining("does not share that file");
    }

    @Test
    void unreachableSourceIsSkipped() throws Exception {
        PeerEntry gone = source("gone", Behaviour.HONEST);
        sources.get(0).close();
        Path part = temp.resolve("data.part");
        FileTransfer transfer = transfer(part, gone, source("bob", Behaviour.HONEST));
        assertThat(transfer.run()).containsExactly("bob");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
    }

    @Test
    void cancelledTransferStopsWithACancellationError() throws Exception {
        Path part = temp.resolve("data.part");
        Cancellation cancellation = new Cancellation();
        FileEntry entry = new FileEntry(FakeSource.manifestOf(CONTENT).id(), "data.bin", CONTENT.length);
        DownloadListener cancelAfterFirstChunk = new DownloadListener() {
            @Override
            public void progressed(long bytesDone) {
                cancellation.cancel();
            }
        };
        FileTransfer transfer = new FileTransfer(Transport.withDefaults(), entry,
                List.of(source("alice", Behaviour.HONEST)), part, cancelAfterFirstChunk, cancellation, STALL_LIMIT);
        assertThatThrownBy(transfer::run).isInstanceOf(PeerException.class).hasMessageContaining("was cancelled");
    }

    @Test
    void sizeTheTrackerListedIsOnlyAHintTheManifestDecides() throws Exception {
        Path part = temp.resolve("data.part");
        FileEntry misreported = new FileEntry(FakeSource.manifestOf(CONTENT).id(), "data.bin", 42);
        long[] announcedTotal = {0};
        DownloadListener listener = new DownloadListener() {
            @Override
            public void started(FileEntry file, int sources) {
                announcedTotal[0] = file.size();
            }
        };
        FileTransfer transfer = new FileTransfer(Transport.withDefaults(), misreported,
                List.of(source("alice", Behaviour.HONEST)), part, listener, new Cancellation(), STALL_LIMIT);
        transfer.run();
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(announcedTotal[0]).isEqualTo(CONTENT.length);
    }

    @Test
    void emptyFileNeedsOnlyItsManifest() throws Exception {
        FakeSource empty = new FakeSource(new byte[0], Behaviour.HONEST);
        sources.add(empty);
        Path part = temp.resolve("empty.part");
        FileTransfer transfer = new FileTransfer(Transport.withDefaults(), empty.entry("empty"),
                List.of(empty.asSource("alice")), part, DownloadListener.NONE, new Cancellation(), STALL_LIMIT);
        assertThat(transfer.run()).containsExactly("alice");
        assertThat(Files.size(part)).isZero();
    }
}

package dev.p2pshare.peer.transfer;

import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.folder.HashCache;
import dev.p2pshare.peer.folder.Publisher;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.Located;
import dev.p2pshare.peer.net.RateLimit;
import dev.p2pshare.peer.transfer.FakeSource.Behaviour;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage of download tests: one file of twenty-one chunks, fake sources that hold it and
 * behave well or badly, and a peer's downloads that find them through a fake tracker, over plain
 * TCP or, with {@link #overTls}, over TLS. Sources are
 * listed in the order they are made; everything is stopped after each test.
 */
abstract class FakeSourcesStage {

    /** Twenty full chunks and a short last one. */
    static final byte[] CONTENT = content(20 * Manifest.CHUNK_SIZE + 123);
    static final Manifest MANIFEST = FakeSource.manifestOf(CONTENT);
    static final FileId ID = MANIFEST.id();
    static final int CHUNKS = MANIFEST.chunkCount();
    static final FileEntry ENTRY = new FileEntry(ID, "data.bin", CONTENT.length);

    @TempDir
    Path temp;

    final List<FakeSource> fakes = new ArrayList<>();
    final List<SourceEntry> listed = new CopyOnWriteArrayList<>();
    final List<Downloads> started = new ArrayList<>();
    StateDirectory state;
    /** Whether sources made from now on, and the downloads, talk TLS as peers do, rather than plain TCP. */
    boolean overTls;
    /** What downloads made from now on measure their waits on. */
    DownloadClock clock = DownloadClock.SYSTEM;

    static byte[] content(int size) {
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

    FakeSource source(String name, Behaviour behaviour) throws Exception {
        return source(name, behaviour, FakeSource.all(CHUNKS));
    }

    FakeSource source(String name, Behaviour behaviour, BitSet holds) throws Exception {
        FakeSource fake = new FakeSource(name, CONTENT, behaviour, holds,
                overTls ? Optional.of(NodeIdentity.generate(name)) : Optional.empty());
        fakes.add(fake);
        listed.add(fake.asSource());
        return fake;
    }

    /** A peer's downloads, finding sources in {@link #listed}, as if just started on the folder. */
    Downloads downloads() {
        return downloads(new Downloads.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    /** As {@link #downloads()}, with {@code settings}. */
    Downloads downloads(Downloads.Settings settings) {
        SharedFiles shared = new SharedFiles();
        Publisher publisher = new Publisher(shared, HashCache.load(state.hashCache()),
                added -> CompletableFuture.completedFuture(null), Duration.ofSeconds(1));
        Transport transport = overTls ? Transport.tls(new TlsLayer(NodeIdentity.generate("downloader")))
                : Transport.plaintext();
        Downloads downloads = new Downloads(transport, state, shared, new PartialFiles(), publisher,
                id -> new Located(ENTRY, List.copyOf(listed)), holding -> { }, Optional::empty, settings,
                RateLimit.unlimited(), clock);
        started.add(downloads);
        return downloads;
    }

    DownloadResult get(Downloads downloads) throws Exception {
        return downloads.start(ID, "data.bin").await(DownloadListener.NONE, new Cancellation());
    }

    Path saved() {
        return state.folder().resolve("data.bin");
    }

    static BitSet firstHalf() {
        BitSet half = new BitSet(CHUNKS);
        half.set(0, CHUNKS / 2);
        return half;
    }

}

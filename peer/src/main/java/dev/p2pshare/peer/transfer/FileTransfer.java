package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download's work: get a manifest that matches the id, then fetch the missing chunks from one
 * source after another, verifying each, until none is missing or no source is left.
 *
 * <p>Each source gets up to {@value #WINDOW} chunk requests in flight, so the connection never
 * waits for a round trip. A source that fails, stalls (no verified chunk for
 * {@link #STALL_LIMIT}), answers out of turn or sends a chunk whose hash is wrong is dropped for
 * the rest of the download; the chunks it had not delivered are fetched
 * from the next one. Used by one thread.
 */
final class FileTransfer {

    private static final Logger log = LoggerFactory.getLogger(FileTransfer.class);

    /** Chunk requests in flight per source: enough to cover a LAN round trip at full speed. */
    static final int WINDOW = 16;

    /** How long a source may go without delivering a verified chunk before it is dropped. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private final Transport transport;
    private final FileEntry entry;
    private final List<PeerEntry> sources;
    private final Path part;
    private final DownloadListener listener;
    private final Cancellation cancellation;
    private final Duration stallLimit;
    private final List<String> failures = new ArrayList<>();
    private final List<String> used = new ArrayList<>();
    private final byte[] buffer = new byte[Manifest.CHUNK_SIZE];
    private Manifest manifest;
    private BitSet missing;
    private long bytesDone;

    FileTransfer(Transport transport, FileEntry entry, List<PeerEntry> sources, Path part, DownloadListener listener,
            Cancellation cancellation, Duration stallLimit) {
        this.transport = transport;
        this.entry = entry;
        this.sources = sources;
        this.part = part;
        this.listener = listener;
        this.cancellation = cancellation;
        this.stallLimit = stallLimit;
    }

    /** The verified manifest; only after {@link #run} returned. */
    Manifest manifest() {
        return manifest;
    }

    /**
     * Fetches the whole file into the part file and forces it to disk.
     *
     * @return the names of the sources that delivered chunks
     * @throws PeerException if cancelled, or the sources ran out with chunks still missing
     */
    List<String> run() throws PeerException, IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (PeerEntry source : sources) {
                if (manifest != null && missing.isEmpty()) {
                    break;
                }
                fetchFrom(source, out);
            }
            if (manifest == null || !missing.isEmpty()) {
                throw new PeerException("could not download " + Downloader.describe(entry) + ": "
                        + (manifest == null ? "no source sent its manifest" : missing.cardinality() + " of "
                                + manifest.chunkCount() + " chunks are missing")
                        + " and no source is left (" + String.join("; ", failures) + ")");
            }
            // The whole file is verified here: every chunk matched its hash in a manifest that
            // matched the id, and the length is exact. Reading it back would only re-read the
            // page cache the chunks were just written to, which proves nothing more.
            out.force(true);
            if (out.size() != manifest.size()) {
                throw new IOException("the part file has " + out.size() + " bytes, not " + manifest.size());
            }
            return used;
        }
    }

    private void fetchFrom(PeerEntry source, FileChannel out) throws PeerException {
        String who = source.name() + " (" + source.host() + ":" + source.port() + ")";
        long before = bytesDone;
        boolean complete = false;
        StallWatchdog watchdog = null;
        try (SourceConnection connection = SourceConnection.open(transport, source)) {
            watchdog = new StallWatchdog(connection, stallLimit);
            cancellation.blockedOn(connection);
            throwIfCancelled();
            if (manifest == null) {
                manifest = connection.manifest(entry.id());
                missing = new BitSet(manifest.chunkCount());
                missing.set(0, manifest.chunkCount());
                // The tracker's size is only what some peer announced; the manifest's is proven by the id.
                listener.started(new FileEntry(entry.id(), entry.name(), manifest.size()), sources.size());
            }
            fetchChunks(connection, out, watchdog);
            complete = true;
        } catch (IOException e) {
            throwIfCancelled();
            String reason = watchdog != null && watchdog.fired()
                    ? "delivered nothing for " + stallLimit.toSeconds() + " s" : e.getMessage();
            failures.add(who + ": " + reason);
            log.warn("dropping source {} for {}: {}", who, Downloader.describe(entry), reason);
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
            // A source counts as used if it delivered any verified chunk, or all there was to deliver.
            if (bytesDone > before || (complete && manifest.chunkCount() == 0)) {
                used.add(source.name());
            }
        }
    }

    private void fetchChunks(SourceConnection connection, FileChannel out, StallWatchdog watchdog)
            throws IOException, PeerException {
        Deque<Integer> inFlight = new ArrayDeque<>();
        int next = missing.nextSetBit(0);
        while (next >= 0 || !inFlight.isEmpty()) {
            if (inFlight.size() <= WINDOW / 2) {
                while (next >= 0 && inFlight.size() < WINDOW) {
                    connection.requestChunk(entry.id(), next);
                    inFlight.add(next);
                    next = missing.nextSetBit(next + 1);
                }
                connection.flush();
            }
            int index = inFlight.remove();
            int length = manifest.chunkLength(index);
            connection.readChunk(entry.id(), index, length, buffer);
            if (!manifest.chunkMatches(index, buffer, 0, length)) {
                throw new IOException("sent chunk " + index + " with the wrong hash");
            }
            write(out, manifest.chunkOffset(index), length);
            watchdog.progressed();
            missing.clear(index);
            bytesDone += length;
            listener.progressed(bytesDone);
            throwIfCancelled();
        }
    }

    private void write(FileChannel out, long offset, int length) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
        while (chunk.hasRemaining()) {
            out.write(chunk, offset + chunk.position());
        }
    }

    private void throwIfCancelled() throws PeerException {
        if (cancellation.isCancelled()) {
            throw new PeerException("the download of " + Downloader.describe(entry) + " was cancelled");
        }
    }
}

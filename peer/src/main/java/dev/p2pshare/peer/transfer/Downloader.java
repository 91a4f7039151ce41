package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.Publisher;
import dev.p2pshare.peer.folder.FolderScanner;
import dev.p2pshare.peer.folder.Placement;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileNames;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.PeerId;
import dev.p2pshare.protocol.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches files from the peers that share them into the shared folder, then shares them.
 *
 * <p>A download writes into {@code .p2pshare/downloads/ID.part} only chunks whose SHA-256 matches
 * a manifest that itself matches the file id; when every chunk is there it forces the file to
 * disk and moves it into the folder under its name, never over an existing file. Thread-safe:
 * different files may download at once; the same file only once at a time.
 */
public final class Downloader {

    private static final Logger log = LoggerFactory.getLogger(Downloader.class);

    private final Transport transport;
    private final StateDirectory state;
    private final SharedFiles files;
    private final Publisher publisher;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public Downloader(Transport transport, StateDirectory state, SharedFiles files, Publisher publisher) {
        this.transport = transport;
        this.state = state;
        this.files = files;
        this.publisher = publisher;
    }

    /**
     * Downloads the file {@code located} describes and shares it.
     *
     * @param name the name to save it under
     * @param self this peer's id, left out of the sources
     * @throws PeerException if no source could deliver it, or it was cancelled; nothing is left
     *     in the folder then
     */
    public DownloadResult download(Message.LocateResult located, String name, Optional<PeerId> self,
            DownloadListener listener, Cancellation cancellation) throws PeerException {
        FileEntry entry = located.file();
        Optional<String> badName = FileNames.problem(name);
        if (badName.isPresent()) {
            throw new PeerException("cannot save as '" + name + "': " + badName.get());
        }
        if (name.startsWith(".")) {
            // A hidden file would be saved, shared now, and forgotten at the next start.
            throw new PeerException("cannot save as '" + name + "': names starting with '.' are hidden and never"
                    + " shared; choose another with --as NAME");
        }
        Optional<SharedFile> have = files.get(entry.id());
        if (have.isPresent()) {
            return new DownloadResult(have.get().path(), entry.id(), have.get().size(), Duration.ZERO, List.of(), true);
        }
        List<PeerEntry> sources = new ArrayList<>(located.sources());
        self.ifPresent(id -> sources.removeIf(source -> source.id().equals(id)));
        if (sources.isEmpty()) {
            throw new PeerException("no other online peer shares " + describe(entry) + " right now");
        }
        Collections.shuffle(sources);
        if (!active.add(entry.id().hex())) {
            throw new PeerException(describe(entry) + " is already being downloaded");
        }
        long started = System.nanoTime();
        Path part = state.partFile(entry.id());
        try {
            FileTransfer transfer = new FileTransfer(transport, entry, sources, part, listener, cancellation,
                    FileTransfer.STALL_LIMIT);
            List<String> used = transfer.run();
            Path placed = Placement.moveInto(state.folder(), name, part);
            long modified = Files.getLastModifiedTime(placed, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
            publisher.publish(new SharedFile(transfer.manifest(), placed.getFileName().toString(), placed,
                    FolderScanner.relativePath(state.folder(), placed), modified));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            long size = transfer.manifest().size();
            log.debug("downloaded {} ({} bytes) in {} ms from {}", placed.getFileName(), size, elapsed.toMillis(),
                    String.join(", ", used));
            return new DownloadResult(placed, entry.id(), size, elapsed, used, false);
        } catch (IOException e) {
            throw new PeerException("could not save " + describe(entry) + ": " + e.getMessage(), e);
        } finally {
            active.remove(entry.id().hex());
            deletePart(part);
            listener.finished();
        }
    }

    private static void deletePart(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.warn("could not delete the partial download {}: {}", part, e.toString());
        }
    }

    static String describe(FileEntry entry) {
        return "'" + entry.name() + "' (" + entry.id().shortHex() + ")";
    }
}

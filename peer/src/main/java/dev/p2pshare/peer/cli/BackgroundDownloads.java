package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadJob;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads started at the interactive prompt, each on a thread of its own while the person goes
 * on typing. When one ends, a notice says how: done (in green), paused by {@code cancel}, or
 * failed and why. Thread-safe.
 */
final class BackgroundDownloads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundDownloads.class);

    /** A download running now: what it fetches, and how to stop it. */
    record Running(FileId id, String name, Cancellation cancellation) {
    }

    private final Peer peer;
    private final TextStyle style;
    private final Consumer<String> notices;
    private final ExecutorService threads = ConnectionThreads.perTask("get-");
    private final List<Running> running = new ArrayList<>();

    /** @param notices where a line is printed when a download ends: above the prompt */
    BackgroundDownloads(Peer peer, TextStyle style, Consumer<String> notices) {
        this.peer = peer;
        this.style = style;
        this.notices = notices;
    }

    /**
     * Starts downloading {@code target} and returns at once.
     *
     * @param display what shows its progress, made for the download's file id
     * @return false if that file is already being downloaded here
     */
    synchronized boolean start(DownloadTarget target, Optional<String> saveAs,
            Function<FileId, DownloadListener> display) {
        FileId id = target.located().file().id();
        if (running.stream().anyMatch(one -> one.id().equals(id))) {
            return false;
        }
        Running download = new Running(id, target.name(), new Cancellation());
        running.add(download);
        threads.execute(() -> run(download, target, saveAs, display.apply(id)));
        return true;
    }

    /** The downloads running now, oldest first. */
    synchronized List<Running> running() {
        return List.copyOf(running);
    }

    /** How many peers the download of {@code id} fetches from now; 0 if none or it is not running. */
    int sourcesOf(FileId id) {
        return peer.status().downloads().stream().filter(download -> download.id().equals(id))
                .mapToInt(DownloadJob.Snapshot::sources).findFirst().orElse(0);
    }

    /** Pauses every running download (what has arrived is kept) and stops taking new ones. */
    @Override
    public void close() {
        for (Running download : running()) {
            download.cancellation().cancel();
        }
        threads.shutdown();
    }

    private void run(Running download, DownloadTarget target, Optional<String> saveAs, DownloadListener display) {
        try {
            DownloadResult result = peer.download(target, saveAs, display, download.cancellation());
            notices.accept(GetCommand.summary(result, download.name(), style));
        } catch (PeerException e) {
            notices.accept(download.cancellation().isCancelled()
                    ? "paused " + download.name() + ": what has arrived is kept; 'get' it again to resume"
                    : style.error("could not get " + download.name() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("the download of {} failed", download.name(), e);
            notices.accept(style.error("could not get " + download.name() + ": " + e));
        } finally {
            display.finished();
            synchronized (this) {
                running.remove(download);
            }
        }
    }
}

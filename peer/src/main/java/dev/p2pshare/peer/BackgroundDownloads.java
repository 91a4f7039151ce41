package dev.p2pshare.peer;

import dev.p2pshare.peer.reference.Kind;
import dev.p2pshare.peer.reference.Reference;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.peer.transfer.DownloadSnapshot;
import dev.p2pshare.peer.transfer.DownloadTarget;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads that run while the person goes on doing other things, each on a thread of its own:
 * those started at the interactive prompt and from the web page alike, so that either can see and
 * stop the other's. Whoever starts one is told how it ended. Thread-safe.
 */
public final class BackgroundDownloads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundDownloads.class);

    /** A download running now: what it fetches, and how to stop it. */
    public record Running(FileId id, String name, Cancellation cancellation) {
    }

    /**
     * How a download ended: with its result, paused by {@link #cancel}, or failed for the reason
     * given.
     *
     * @param remedy what can be done after a failure, for the front end to word
     */
    public record Ending(Running download, Optional<DownloadResult> result, boolean paused, Optional<String> failure,
            DownloadException.Remedy remedy) {
    }

    /** Runs one download to its end on the calling thread, as {@link Peer#download} does. */
    @FunctionalInterface
    interface Downloader {
        DownloadResult download(DownloadTarget target, Optional<String> saveAs, DownloadListener listener,
                Cancellation cancellation) throws PeerException, DownloadException;
    }

    private final Downloader downloader;
    private final Supplier<List<DownloadSnapshot>> snapshots;
    private final ExecutorService threads = ConnectionThreads.perTask("get-");
    private final List<Running> running = new ArrayList<>();

    /**
     * @param downloader runs each download
     * @param snapshots the downloads' state now, for {@link #sourcesOf}
     */
    BackgroundDownloads(Downloader downloader, Supplier<List<DownloadSnapshot>> snapshots) {
        this.downloader = downloader;
        this.snapshots = snapshots;
    }

    /**
     * Starts downloading {@code target} and returns at once.
     *
     * @param display told of the download's progress
     * @param ended told, once, how the download ended
     * @return false if that file is already being downloaded in the background
     */
    public synchronized boolean start(DownloadTarget target, Optional<String> saveAs, DownloadListener display,
            Consumer<Ending> ended) {
        FileId id = target.located().file().id();
        if (running.stream().anyMatch(one -> one.id().equals(id))) {
            return false;
        }
        Running download = new Running(id, target.name(), new Cancellation());
        running.add(download);
        threads.execute(() -> run(download, target, saveAs, display, ended));
        return true;
    }

    /** The downloads running now, oldest first. */
    public synchronized List<Running> running() {
        return List.copyOf(running);
    }

    /**
     * Stops the running download that {@code reference} names, as a {@link Reference} reads it,
     * keeping what has arrived.
     *
     * @return the download stopped
     * @throws PeerException if no running download, or more than one, answers to {@code reference}
     */
    public Running cancel(String reference) throws PeerException {
        Running named = Reference.of(reference).pickOne(running(), Running::name, download -> download.id().hex(),
                Kind.RUNNING_DOWNLOAD).orElseThrow(PeerException::new);
        named.cancellation().cancel();
        return named;
    }

    /** How many peers the download of {@code id} fetches from now; 0 if none or it is not running. */
    public int sourcesOf(FileId id) {
        return snapshots.get().stream().filter(download -> download.id().equals(id))
                .mapToInt(DownloadSnapshot::sources).findFirst().orElse(0);
    }

    /** Pauses every running download (what has arrived is kept) and stops taking new ones. */
    @Override
    public void close() {
        for (Running download : running()) {
            download.cancellation().cancel();
        }
        threads.shutdown();
    }

    private void run(Running download, DownloadTarget target, Optional<String> saveAs, DownloadListener display,
            Consumer<Ending> ended) {
        Ending ending;
        try {
            DownloadResult result = downloader.download(target, saveAs, display, download.cancellation());
            ending = new Ending(download, Optional.of(result), false, Optional.empty(), DownloadException.Remedy.NONE);
        } catch (DownloadException e) {
            boolean paused = download.cancellation().isCancelled();
            ending = new Ending(download, Optional.empty(), paused,
                    paused ? Optional.empty() : Optional.of(e.getMessage()), e.remedy());
        } catch (PeerException e) {
            ending = new Ending(download, Optional.empty(), false, Optional.of(e.getMessage()),
                    DownloadException.Remedy.NONE);
        } catch (RuntimeException e) {
            log.warn("the download of {} failed", download.name(), e);
            ending = new Ending(download, Optional.empty(), false, Optional.of(e.toString()),
                    DownloadException.Remedy.NONE);
        } finally {
            display.finished();
            synchronized (this) {
                running.remove(download);
            }
        }
        ended.accept(ending);
    }
}

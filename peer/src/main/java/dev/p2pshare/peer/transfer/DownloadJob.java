package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One file's download, from the first locate to the file in the folder, on its own thread: what
 * others see of it and wait for. The work itself is its {@link DownloadRun}'s.
 *
 * <p>Every download ends: a source that delivers nothing for the stall limit is dropped, a download
 * with no source that may deliver gives up after the source wait, and one that gets nothing gives up
 * after the two together ({@link Patience}). Paused or failed, it leaves its {@link PartFile} for a
 * later resume. Thread-safe.
 */
public final class DownloadJob {

    private final Consumer<DownloadJob> ended;
    private final FileId id;
    private final String name;
    private final List<DownloadListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<DownloadResult> outcome = new CompletableFuture<>();
    private final DownloadRun run;

    /**
     * @param resumed what an earlier download of the file left on disk, if anything
     * @param ended told once the job has ended, before whoever waits for it learns how
     */
    DownloadJob(DownloadContext context, Consumer<DownloadJob> ended, FileId id, String name,
            Optional<PartFile> resumed) {
        this.ended = ended;
        this.id = id;
        this.name = name;
        this.run = new DownloadRun(context, id, name, resumed, new DownloadListener() {
            @Override
            public void started(FileEntry file, int sources) {
                listeners.forEach(listener -> listener.started(file, sources));
            }

            @Override
            public void progressed(long bytesDone) {
                listeners.forEach(listener -> listener.progressed(bytesDone));
            }
        });
    }

    public FileId id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The download now. */
    public DownloadSnapshot snapshot() {
        return run.snapshot();
    }

    /** Asks the download to stop, keeping what it has. */
    public void pause() {
        run.pause();
    }

    /**
     * Waits for the download to end, telling {@code listener} how it goes. Cancelling pauses it.
     *
     * @throws DownloadException if it was paused or gave up; what it has is kept
     */
    public DownloadResult await(DownloadListener listener, Cancellation cancellation) throws DownloadException {
        listeners.add(listener);
        run.file().ifPresent(file -> {
            listener.started(file, Math.max(1, run.sources()));
            listener.progressed(run.snapshot().bytesHave());
        });
        cancellation.blockedOn(this::pause);
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DownloadException failure ? failure
                    : new DownloadException("the download of " + run.describe() + " failed: " + e.getCause(),
                            e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while waiting for " + run.describe(), e);
        } finally {
            listeners.remove(listener);
            listener.finished();
        }
    }

    /** Runs the download; for {@link Downloads} to call on the job's thread. */
    void run() {
        DownloadResult result = null;
        DownloadException failure = null;
        try {
            try {
                result = run.download();
            } catch (DownloadException e) {
                failure = e;
            } finally {
                run.close();
                ended.accept(this);
            }
        } finally {
            // Only now: whoever waits may start the download again at once, and must find this
            // job gone and its part file closed.
            if (failure != null || result == null) {
                outcome.completeExceptionally(failure != null ? failure
                        : new DownloadException("the download of " + run.describe() + " ended without a result"));
            } else {
                outcome.complete(result);
            }
        }
    }
}

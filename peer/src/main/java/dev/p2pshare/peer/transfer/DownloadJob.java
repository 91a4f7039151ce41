package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.Backoff;
import dev.p2pshare.peer.transfer.DownloadException.Remedy;
import dev.p2pshare.peer.transfer.DownloadSnapshot.State;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file's download, from the first locate to the file in the folder, on its own thread.
 *
 * <p>It asks the tracker where the file is, asks several sources at once for the manifest and takes
 * the first that matches the id ({@link ManifestRace}), checks that the disk has room for the rest,
 * and lets a {@link Swarm} fetch from every source at once; every second it asks again, to add
 * sources that appeared or are worth trying again ({@link SourceHistory}). While it runs, its
 * chunks are served to others and the tracker is told which it has.
 *
 * <p>Every download ends. A source that delivers nothing for the stall limit is dropped and not
 * taken back until it has something new; with no source left that may deliver, the download waits
 * up to the source wait, asking again with growing pauses, and then gives up; and whatever its
 * sources do, a download that gets no verified chunk for the source wait and the stall limit
 * together gives up. A failure to write to this peer's disk ends it at once, saying why. Paused or
 * failed, it leaves its {@link PartFile} for a later resume.
 */
public final class DownloadJob {

    private static final Logger log = LoggerFactory.getLogger(DownloadJob.class);
    private static final Duration RELOCATE_EVERY = Duration.ofSeconds(1);
    private static final Duration MAX_LOCATE_PAUSE = Duration.ofSeconds(5);
    private static final int MAX_FAILURES_SHOWN = 5;

    private final DownloadContext context;
    private final Consumer<DownloadJob> ended;
    private final FileId id;
    private final String name;
    private final long startedNanos = System.nanoTime();
    private final List<DownloadListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<DownloadResult> outcome = new CompletableFuture<>();
    private final SourceHistory history = new SourceHistory(System::nanoTime);
    private final ManifestFetch manifestFetch;
    private volatile PartFile part;
    private volatile Swarm swarm;
    /** When the download last got something: its manifest, or a verified chunk ({@link System#nanoTime}). */
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile State state = State.STARTING;
    private volatile String detail = "looking for the file";
    private final Semaphore wakeup = new Semaphore(0);
    private volatile boolean pauseRequested;
    private volatile long bytesAtStart;
    private volatile Checkpoints checkpoints;

    /**
     * @param ended told once the job has ended, before whoever waits for it learns how
     */
    DownloadJob(DownloadContext context, Consumer<DownloadJob> ended, FileId id, String name,
            Optional<PartFile> resumed) {
        this.context = context;
        this.ended = ended;
        this.manifestFetch = new ManifestFetch(context, id, history);
        this.id = id;
        this.name = name;
        this.part = resumed.orElse(null);
        this.bytesAtStart = resumed.map(PartFile::bytesHave).orElse(0L);
    }

    public FileId id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The download now. */
    public DownloadSnapshot snapshot() {
        PartFile current = part;
        Swarm running = swarm;
        return new DownloadSnapshot(id, name, state, current == null ? -1 : current.manifest().size(),
                current == null ? 0 : current.bytesHave(), running == null ? 0 : running.activeSources(), detail);
    }

    /** Asks the download to stop, keeping what it has. */
    public void pause() {
        pauseRequested = true;
        Swarm running = swarm;
        if (running != null) {
            running.close();
        }
        manifestFetch.close();
        wakeup.release();
    }

    /**
     * Waits for the download to end, telling {@code listener} how it goes. Cancelling pauses it.
     *
     * @throws DownloadException if it was paused or gave up; what it has is kept
     */
    public DownloadResult await(DownloadListener listener, Cancellation cancellation) throws DownloadException {
        listeners.add(listener);
        PartFile current = part;
        if (current != null) {
            listener.started(entry(current), Math.max(1, snapshot().sources()));
            listener.progressed(current.bytesHave());
        }
        cancellation.blockedOn(this::pause);
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DownloadException failure ? failure
                    : new DownloadException("the download of " + describe() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while waiting for " + describe(), e);
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
                result = download();
            } catch (DownloadException e) {
                failure = e;
            } catch (IOException | RuntimeException e) {
                state = State.FAILED;
                detail = "failed: " + FailureReason.of(e);
                log.warn("the download of {} failed", describe(), e);
                failure = new DownloadException("could not save " + describe() + ": " + FailureReason.of(e), e);
            } finally {
                stopHousekeeping();
                Swarm running = swarm;
                if (running != null) {
                    running.close();
                }
                closePartIfUnfinished();
                ended.accept(this);
            }
        } finally {
            // Only now: whoever waits may start the download again at once, and must find this
            // job gone and its part file closed.
            if (failure != null || result == null) {
                outcome.completeExceptionally(failure != null ? failure
                        : new DownloadException("the download of " + describe() + " ended without a result"));
            } else {
                outcome.complete(result);
            }
        }
    }

    private DownloadResult download() throws IOException, DownloadException {
        Backoff waits = new Backoff(Duration.ofSeconds(1), MAX_LOCATE_PAUSE);
        long waitingSince = -1;
        if (part != null) {
            requireRoom(part.manifest(), part.bytesHave());
        }
        while (true) {
            if (pauseRequested) {
                state = State.PAUSED;
                detail = "paused";
                throw new DownloadException("the download of " + describe() + " is paused with " + progressText(),
                        Remedy.GET_AGAIN);
            }
            List<SourceEntry> sources = locate();
            if (part == null) {
                Optional<Manifest> manifest = manifestFetch.first(sources,
                        lastProgressNanos + context.sourceWait().plus(context.stallLimit()).toNanos());
                if (manifest.isPresent() && !pauseRequested) {
                    requireRoom(manifest.get(), 0);
                    part = PartFile.create(context.state(), manifest.get(), name);
                    bytesAtStart = 0;
                    lastProgressNanos = System.nanoTime();
                }
            }
            if (part != null && swarm == null) {
                startSwarm();
            }
            if (part != null && part.complete()) {
                return finish();
            }
            if (swarm != null) {
                swarm.add(sources, context.selfId());
            }
            if (swarm != null && hasUsefulSource()) {
                state = State.RUNNING;
                detail = "fetching";
                waitingSince = -1;
                waits.reset();
                runFor(RELOCATE_EVERY);
                failIfTheDiskFailed();
                giveUpIfNothingCame();
                continue;
            }
            failIfTheDiskFailed();
            long now = System.nanoTime();
            if (waitingSince < 0) {
                waitingSince = now;
            }
            if (now - waitingSince >= context.sourceWait().toNanos()) {
                state = State.FAILED;
                detail = "no source";
                throw new DownloadException("no peer could provide the rest of " + describe() + " for "
                        + context.sourceWait().toSeconds() + " s" + failuresText() + "; kept " + progressText(),
                        Remedy.GET_AGAIN);
            }
            giveUpIfNothingCame();
            state = State.WAITING;
            detail = "waiting for a source";
            sleep(waits.nextWait());
        }
    }

    /**
     * Gives up if nothing came for the source wait and the stall limit together, whatever the
     * sources are doing: the bound that holds however they misbehave.
     */
    private void giveUpIfNothingCame() throws DownloadException {
        Duration bound = context.sourceWait().plus(context.stallLimit());
        if (System.nanoTime() - lastProgressNanos < bound.toNanos()) {
            return;
        }
        state = State.FAILED;
        detail = "nothing came";
        throw new DownloadException("nothing of " + describe() + " came for " + bound.toSeconds() + " s"
                + failuresText() + "; kept " + progressText(), Remedy.GET_AGAIN);
    }

    /** Fails the download, saying why, if writing it to this peer's disk failed. */
    private void failIfTheDiskFailed() throws DownloadException {
        Swarm running = swarm;
        Optional<LocalWriteException> failure = running == null ? Optional.empty() : running.localFailure();
        if (failure.isEmpty()) {
            return;
        }
        state = State.FAILED;
        PartFile current = part;
        long needed = current.manifest().size() - current.bytesHave();
        String why = DiskSpace.of(context.state().folder()).filter(space -> space.usable() < needed)
                .map(space -> space.fullMessage(needed))
                .orElse("cannot write to " + current.path() + ": " + FailureReason.of(failure.get().getCause()));
        detail = "failed: " + why;
        throw new DownloadException(why + "; kept " + progressText(), Remedy.FREE_SPACE_THEN_GET_AGAIN,
                failure.get());
    }

    /**
     * Fails the download before it starts if the disk holding the folder has no room for the rest
     * of the file, {@code manifest} of which {@code have} bytes are here.
     */
    private void requireRoom(Manifest manifest, long have) throws DownloadException {
        long needed = manifest.size() - have;
        Optional<DiskSpace> space = DiskSpace.of(context.state().folder());
        if (space.isPresent() && space.get().usable() < needed) {
            state = State.FAILED;
            detail = "no room";
            throw new DownloadException("cannot get " + describe() + ": " + space.get().fullMessage(needed)
                    + (have > 0 ? "; kept " + progressText() : ""),
                    have > 0 ? Remedy.FREE_SPACE_THEN_GET_AGAIN : Remedy.FREE_SPACE_THEN_GET);
        }
    }

    /** Lets the swarm work for up to {@code duration}, or until it completes or runs out of sources. */
    private void runFor(Duration duration) throws IOException {
        long until = System.nanoTime() + duration.toNanos();
        while (!swarm.complete() && hasUsefulSource() && !pauseRequested && System.nanoTime() < until) {
            try {
                swarm.awaitChange(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /**
     * Whether a source may yet deliver something: one that has a missing chunk, or one just added
     * that has not said yet what it has.
     */
    private boolean hasUsefulSource() throws IOException {
        long settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (swarm.usefulSources() == 0 && swarm.activeSources() > swarm.connectedSources()
                && System.nanoTime() < settleUntil) {
            try {
                swarm.awaitChange(Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return swarm.usefulSources() > 0;
    }

    private List<SourceEntry> locate() {
        try {
            Message.LocateResult located = context.finder().locate(id);
            return located.sources();
        } catch (IOException e) {
            detail = "cannot reach the tracker: " + FailureReason.of(e);
            log.debug("locating {} failed: {}", describe(), Printable.escape(e));
            return List.of();
        }
    }

    private void startSwarm() {
        PartFile current = part;
        swarm = new Swarm(current, context.transport(), context.bans(), context.stallLimit(), context.handshakeLimit(), history,
                context.workerThreads(), bytes -> {
                    lastProgressNanos = System.nanoTime();
                    listeners.forEach(listener -> listener.progressed(bytes));
                });
        context.partials().add(current);
        context.announce().accept(current);
        for (DownloadListener listener : listeners) {
            listener.started(entry(current), 1);
            listener.progressed(current.bytesHave());
        }
        checkpoints = Checkpoints.start(current, swarm, context.announce(), context.timer());
        if (bytesAtStart > 0) {
            log.info("resuming {}: {} already here", describe(), progressText());
        }
    }

    private DownloadResult finish() throws IOException {
        stopHousekeeping();
        Swarm done = swarm;
        done.close();
        DownloadResult result = Completion.place(context, id, name, part, done,
                Duration.ofNanos(System.nanoTime() - startedNanos), bytesAtStart);
        state = State.DONE;
        detail = "done";
        return result;
    }

    /** Waits {@code duration}, or less if the download is paused meanwhile. */
    private void sleep(Duration duration) throws IOException {
        try {
            wakeup.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void stopHousekeeping() {
        Checkpoints running = checkpoints;
        if (running != null) {
            running.close();
        }
    }

    private void closePartIfUnfinished() {
        PartFile current = part;
        if (current != null && state != State.DONE) {
            try {
                current.close();
            } catch (IOException e) {
                log.warn("could not record the progress of {}: {}", describe(), Printable.escape(e));
            }
        }
    }

    private String progressText() {
        PartFile current = part;
        if (current == null) {
            return "nothing yet";
        }
        return current.chunksHave() + " of " + current.manifest().chunkCount() + " chunks";
    }

    /** Why sources failed, each reason once, the latest few. */
    private String failuresText() {
        Set<String> failures = new LinkedHashSet<>(manifestFetch.failures());
        Swarm running = swarm;
        if (running != null) {
            failures.addAll(running.failures());
        }
        List<String> latest = new ArrayList<>(failures);
        latest = latest.subList(Math.max(0, latest.size() - MAX_FAILURES_SHOWN), latest.size());
        return latest.isEmpty() ? "" : " (" + String.join("; ", latest) + ")";
    }

    private FileEntry entry(PartFile current) {
        return new FileEntry(id, name, current.manifest().size());
    }

    String describe() {
        return "'" + name + "' (" + id.shortHex() + ")";
    }
}

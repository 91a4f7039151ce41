package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.transfer.DownloadException.Remedy;
import dev.p2pshare.peer.transfer.DownloadSnapshot.State;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.SourceEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one {@link DownloadJob}, on the job's thread: it asks the tracker where the file is,
 * fetches the manifest ({@link ManifestFetch}), checks that the disk has room for the rest, and
 * lets a {@link Swarm} fetch from every source at once; every second it asks again, to add sources
 * that appeared or are worth trying again ({@link SourceHistory}). While it runs, the part file is
 * served to others and the tracker told what it has ({@link Checkpoints}); when it is complete, it
 * is placed in the folder ({@link Completion}).
 *
 * <p>It ends as {@link Patience} says, or at once when writing to this peer's disk fails, saying why.
 * Paused or failed, it leaves its {@link PartFile} for a later resume. Its state may be read from any
 * thread; {@link #pause} may be called from any thread.
 */
final class DownloadRun {

    private static final Logger log = LoggerFactory.getLogger(DownloadRun.class);
    private static final Duration RELOCATE_EVERY = Duration.ofSeconds(1);
    private static final int MAX_FAILURES_SHOWN = 5;

    private final DownloadContext context;
    private final FileId id;
    private final String name;
    private final DownloadListener listener;
    private final SourceHistory history;
    private final ManifestFetch manifestFetch;
    private final Patience patience;
    private final Semaphore wakeup = new Semaphore(0);
    private final long bytesAtStart;
    /** When the run began, on the system clock: how long a download took is real time, whatever its waits go by. */
    private final long startedNanos = System.nanoTime();
    private volatile PartFile part;
    private volatile Swarm swarm;
    private volatile Checkpoints checkpoints;
    private volatile State state = State.STARTING;
    private volatile String detail = "looking for the file";
    private volatile boolean pauseRequested;

    /**
     * @param resumed what an earlier run left on disk, if anything
     * @param listener told when fetching starts and how far it has come
     */
    DownloadRun(DownloadContext context, FileId id, String name, Optional<PartFile> resumed,
            DownloadListener listener) {
        this.context = context;
        this.id = id;
        this.name = name;
        this.listener = listener;
        this.history = new SourceHistory(context.clock()::nanoTime);
        this.manifestFetch = new ManifestFetch(context, id, history);
        this.patience = new Patience(context.settings(), context.clock());
        this.part = resumed.orElse(null);
        this.bytesAtStart = resumed.map(PartFile::bytesHave).orElse(0L);
    }

    /** The download now. */
    DownloadSnapshot snapshot() {
        PartFile current = part;
        return new DownloadSnapshot(id, name, state, current == null ? -1 : current.manifest().size(),
                current == null ? 0 : current.bytesHave(), sources(), detail);
    }

    /** The file, once its manifest is known. */
    Optional<FileEntry> file() {
        return Optional.ofNullable(part).map(current -> new FileEntry(id, name, current.manifest().size()));
    }

    /** How many sources are being fetched from now. */
    int sources() {
        Swarm running = swarm;
        return running == null ? 0 : running.activeSources();
    }

    /** Asks the download to stop, keeping what it has. */
    void pause() {
        pauseRequested = true;
        Swarm running = swarm;
        if (running != null) {
            running.close();
        }
        manifestFetch.close();
        wakeup.release();
    }

    /**
     * Runs the download to its end.
     *
     * @throws DownloadException if it was paused or gave up; what it has is kept
     */
    DownloadResult download() throws DownloadException {
        try {
            return fetch();
        } catch (IOException | RuntimeException e) {
            fail("failed: " + FailureReason.of(e));
            log.warn("the download of {} failed", describe(), e);
            throw new DownloadException("could not save " + describe() + ": " + FailureReason.of(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
            throw new DownloadException("the download of " + describe() + " was interrupted", e);
        }
    }

    /** Stops everything the run started and, unless the file was placed, records what it has. */
    void close() {
        Checkpoints running = checkpoints;
        if (running != null) {
            running.close();
        }
        Swarm fetching = swarm;
        if (fetching != null) {
            fetching.close();
        }
        PartFile current = part;
        if (current != null && state != State.DONE) {
            try {
                current.close();
            } catch (IOException e) {
                log.warn("could not record the progress of {}: {}", describe(), Printable.escape(e));
            }
        }
    }

    private DownloadResult fetch() throws IOException, InterruptedException, DownloadException {
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
                Optional<Manifest> manifest = manifestFetch.first(sources, patience.manifestDeadline());
                if (manifest.isPresent() && !pauseRequested) {
                    requireRoom(manifest.get(), 0);
                    part = PartFile.create(context.state(), manifest.get(), name);
                    patience.progressed();
                }
            }
            if (part != null && swarm == null && !pauseRequested) {
                startSwarm();
            }
            if (part != null && part.complete()) {
                return finish();
            }
            if (swarm != null) {
                swarm.add(sources, context.selfId());
            }
            if (swarm != null && swarm.hasUsefulSource()) {
                state = State.RUNNING;
                detail = "fetching";
                patience.sourceFound();
                swarm.runFor(RELOCATE_EVERY, sources, context.selfId(), () -> pauseRequested);
                failIfTheDiskFailed();
                giveUpIfNothingCame();
                continue;
            }
            failIfTheDiskFailed();
            if (patience.waitedForSourcesTooLong()) {
                fail("no source");
                throw new DownloadException("no peer could provide the rest of " + describe() + " for "
                        + patience.sourceWait().toSeconds() + " s" + failuresText() + "; kept " + progressText(),
                        Remedy.GET_AGAIN);
            }
            giveUpIfNothingCame();
            state = State.WAITING;
            detail = "waiting for a source";
            patience.pause(wakeup);
        }
    }

    /**
     * Gives up if nothing came for the source wait and the stall limit together, whatever the
     * sources are doing: the bound that holds however they misbehave.
     */
    private void giveUpIfNothingCame() throws DownloadException {
        if (!patience.nothingCameTooLong()) {
            return;
        }
        fail("nothing came");
        throw new DownloadException("nothing of " + describe() + " came for "
                + patience.nothingCameLimit().toSeconds() + " s" + failuresText() + "; kept " + progressText(),
                Remedy.GET_AGAIN);
    }

    /** Fails the download, saying why, if writing it to this peer's disk failed. */
    private void failIfTheDiskFailed() throws DownloadException {
        Optional<LocalWriteException> failure = swarm == null ? Optional.empty() : swarm.localFailure();
        if (failure.isEmpty()) {
            return;
        }
        long needed = part.manifest().size() - part.bytesHave();
        String why = DiskSpace.of(context.state().folder()).filter(space -> space.usable() < needed)
                .map(space -> space.fullMessage(needed))
                .orElse("cannot write to " + part.path() + ": " + FailureReason.of(failure.get().getCause()));
        fail("failed: " + why);
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
            fail("no room");
            throw new DownloadException("cannot get " + describe() + ": " + space.get().fullMessage(needed)
                    + (have > 0 ? "; kept " + progressText() : ""),
                    have > 0 ? Remedy.FREE_SPACE_THEN_GET_AGAIN : Remedy.FREE_SPACE_THEN_GET);
        }
    }

    private List<SourceEntry> locate() {
        try {
            return context.finder().locate(id).sources();
        } catch (IOException e) {
            detail = "cannot reach the tracker: " + FailureReason.of(e);
            log.debug("locating {} failed: {}", describe(), Printable.escape(e));
            return List.of();
        }
    }

    private void startSwarm() {
        PartFile current = part;
        swarm = new Swarm(current, context.sources(), context.bans(), history, context.workerThreads(), bytes -> {
            patience.progressed();
            listener.progressed(bytes);
        });
        context.partials().add(current);
        context.announce().accept(current);
        listener.started(new FileEntry(id, name, current.manifest().size()), 1);
        listener.progressed(current.bytesHave());
        checkpoints = Checkpoints.start(current, swarm, context.announce(), context.timer());
        if (bytesAtStart > 0) {
            log.info("resuming {}: {} already here", describe(), progressText());
        }
    }

    private DownloadResult finish() throws IOException {
        checkpoints.close();
        swarm.close();
        DownloadResult result = Completion.place(context, id, name, part, swarm,
                Duration.ofNanos(System.nanoTime() - startedNanos), bytesAtStart);
        state = State.DONE;
        detail = "done";
        return result;
    }

    private void fail(String why) {
        state = State.FAILED;
        detail = why;
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

    String describe() {
        return "'" + name + "' (" + id.shortHex() + ")";
    }
}

package dev.p2pshare.peer.transfer;

import dev.p2pshare.peer.net.SourceConnection;
import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.tls.UnexpectedIdentityException;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fetches chunks from one source for a {@link Swarm}, on its own connection and thread, until the
 * file is complete, the swarm stops, or the source fails.
 *
 * <p>It keeps a window of chunk requests in flight that follows the source's measured
 * throughput: enough to cover {@value #TARGET_MILLIS} ms of transfer, {@value #MIN_WINDOW} to
 * {@value #MAX_WINDOW} chunks, so that a fast source never waits for a round trip and a slow one
 * is not given chunks others could fetch sooner. Each chunk is verified on this thread before it
 * is written. A source that is itself still downloading is asked again which chunks it has every
 * {@code HAVE_REFRESH}, between chunk requests while it has some to answer, so that the picker
 * knows what the other downloaders hold and asks the seeders only for what none of them has.
 *
 * <p>A source that delivers no verified chunk for the stall limit is dropped ({@link StallWatchdog});
 * waiting while others are asked for what it has does not count, but only while it keeps its word:
 * one that answers {@code missing-chunk} for a chunk it said it had is on the clock until it
 * delivers again. How it ended goes to the download's {@link SourceHistory}. A failure to write a
 * verified chunk is this side's, and ends the whole download ({@link LocalWriteException}).
 *
 * <p>Each chunk is read off the connection only when the peer's download limit lets it in, so that
 * a limit holds the source back through the connection itself and a change to it applies to the
 * next chunk read. Waiting on that limit is not the source stalling.
 */
final class SourceWorker implements Runnable {

    static final int MIN_WINDOW = 2;
    static final int MAX_WINDOW = 32;
    private static final int START_WINDOW = 4;
    private static final long TARGET_MILLIS = 100;
    /** How often a source still downloading is asked again which chunks it has. */
    private static final Duration HAVE_REFRESH = Duration.ofMillis(100);
    /** In the queue of requests in flight, the place of a have-request among the chunk indices. */
    private static final int HAVE_ANSWER = -1;
    private static final long RATE_INTERVAL_NANOS = 250_000_000L;
    /** How long a wait on the download limit lasts before the worker looks up to see whether to stop. */
    private static final Duration LIMIT_PATIENCE = Duration.ofMillis(100);

    private final Swarm swarm;
    private final SourceEntry source;
    private final ChunkPicker picker;
    private final PartFile part;
    private final SourceSettings settings;
    private volatile SourceConnection connection;
    private volatile boolean stopped;
    /** Verified chunks this source delivered on this connection. */
    private int delivered;

    /**
     * @param swarm told what the source delivers and how it ends, and asked whether to go on
     * @param picker shared by the swarm's sources, says which chunks to ask this one for
     * @param part where verified chunks are written
     */
    SourceWorker(Swarm swarm, SourceEntry source, ChunkPicker picker, PartFile part, SourceSettings settings) {
        this.swarm = swarm;
        this.source = source;
        this.picker = picker;
        this.part = part;
        this.settings = settings;
    }

    /** Stops fetching: closes the connection, which ends any wait on it. */
    void stop() {
        stopped = true;
        SourceConnection open = connection;
        if (open != null) {
            Swarm.close(open);
        }
    }

    @Override
    public void run() {
        PeerEntry peer = source.peer();
        StallWatchdog watchdog = null;
        Optional<String> failure = Optional.empty();
        Optional<SourceHistory.Outcome> outcome = Optional.empty();
        try (SourceConnection opened = SourceConnection.open(settings.transport(), peer, settings.handshakeLimit())) {
            connection = opened;
            if (stopped || swarm.stopped()) {
                return;
            }
            try {
                watchdog = new StallWatchdog(opened, settings.stallLimit(), settings.clock(), settings.timer());
            } catch (RejectedExecutionException closing) {
                // The peer's downloads closed while this source was connecting: nothing is to be fetched.
                return;
            }
            opened.watchedByCaller();
            fetch(opened, watchdog);
        } catch (LocalWriteException e) {
            // This side's disk, not the source: the whole download stops, saying why.
            swarm.failLocally(e);
        } catch (UnexpectedIdentityException e) {
            swarm.ban(peer, FailureReason.of(e));
            failure = Optional.of(FailureReason.of(e));
        } catch (IOException e) {
            if (Bans.isALie(e)) {
                swarm.ban(peer, FailureReason.of(e));
            }
            if (!stopped && !swarm.stopped()) {
                boolean stalled = watchdog != null && watchdog.fired();
                failure = Optional.of(stalled ? "delivered nothing for " + settings.stallLimit().toSeconds() + " s"
                        : FailureReason.of(e));
                outcome = Optional.of(stalled ? SourceHistory.Outcome.UNPRODUCTIVE : SourceHistory.Outcome.of(e));
            }
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
            picker.sourceGone(this);
            swarm.ended(this, source, failure, outcome, delivered > 0);
        }
    }

    private void fetch(SourceConnection opened, StallWatchdog watchdog) throws IOException {
        Manifest manifest = part.manifest();
        FileId id = manifest.id();
        BitSet has = haveOf(opened, manifest);
        picker.sourceHas(this, has);
        long lastHaveCheck = System.nanoTime();
        Deque<Integer> inFlight = new ArrayDeque<>();
        ByteBuffer buffer = opened.chunkBuffer();
        int window = START_WINDOW;
        boolean owing = false;
        long rateMark = System.nanoTime();
        long bytesSinceMark = 0;
        while (!stopped && !swarm.stopped() && picker.missingCount() > 0) {
            boolean haveDue = !source.complete() && System.nanoTime() - lastHaveCheck >= HAVE_REFRESH.toNanos();
            boolean asked = false;
            if (haveDue && !inFlight.isEmpty() && !inFlight.contains(HAVE_ANSWER)) {
                // Asked between chunk requests: its answer comes after theirs, in order.
                opened.requestHave(id);
                inFlight.add(HAVE_ANSWER);
                lastHaveCheck = System.nanoTime();
                asked = true;
            }
            if (inFlight.size() < window) {
                List<Integer> picked = picker.pick(this, window - inFlight.size());
                for (int index : picked) {
                    opened.requestChunk(id, index);
                    inFlight.add(index);
                }
                asked |= !picked.isEmpty();
            }
            if (asked) {
                opened.flush();
            }
            if (inFlight.isEmpty()) {
                // Nothing wanted from this source now; waiting for others is not stalling, unless
                // it owes a chunk it said it had: then its claims are not to be trusted, and the
                // stall limit runs on.
                if (!owing) {
                    watchdog.progressed();
                }
                if (haveDue) {
                    has = opened.have(id, manifest.size());
                    picker.sourceHas(this, has);
                    lastHaveCheck = System.nanoTime();
                }
                awaitChange();
                continue;
            }
            int index = inFlight.remove();
            if (index == HAVE_ANSWER) {
                has = opened.readHave(id, manifest.size());
                picker.sourceHas(this, has);
                continue;
            }
            int length = manifest.chunkLength(index);
            awaitTurn(length, watchdog, owing);
            buffer.clear();
            try {
                opened.readChunk(id, index, length, buffer);
            } catch (ErrorReplyException refused) {
                picker.released(this, index);
                if (refused.code() != ErrorCode.MISSING_CHUNK) {
                    throw refused;
                }
                has.clear(index);
                picker.sourceHas(this, has);
                owing = true;
                continue;
            }
            buffer.flip();
            if (!manifest.chunkMatches(index, buffer)) {
                picker.released(this, index);
                if (swarm.strike(source.peer(), index)) {
                    throw new IOException("banned after " + Bans.STRIKES + " chunks that failed verification");
                }
                continue;
            }
            watchdog.progressed();
            owing = false;
            delivered++;
            bytesSinceMark += length;
            if (picker.isMissing(index)) {
                try {
                    part.write(index, buffer);
                } catch (IOException e) {
                    throw new LocalWriteException(e);
                }
                if (picker.received(this, index)) {
                    swarm.delivered(source.peer(), length);
                } else {
                    swarm.wasted(length);
                }
            } else {
                picker.received(this, index);
                swarm.wasted(length);
            }
            long now = System.nanoTime();
            if (now - rateMark >= RATE_INTERVAL_NANOS) {
                window = windowFor(bytesSinceMark * 1_000_000_000.0 / (now - rateMark));
                rateMark = now;
                bytesSinceMark = 0;
            }
        }
    }

    /** The window that keeps {@value #TARGET_MILLIS} ms of transfer in flight at {@code bytesPerSecond}. */
    static int windowFor(double bytesPerSecond) {
        double chunks = bytesPerSecond * TARGET_MILLIS / 1000.0 / Manifest.CHUNK_SIZE;
        return (int) Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, Math.ceil(chunks) + 1));
    }

    private BitSet haveOf(SourceConnection opened, Manifest manifest) throws IOException {
        if (source.complete()) {
            BitSet all = new BitSet(manifest.chunkCount());
            all.set(0, manifest.chunkCount());
            return all;
        }
        return opened.have(manifest.id(), manifest.size());
    }

    /**
     * Waits until the download limit lets {@code length} bytes in, or the worker is stopped. The
     * wait holds off {@code watchdog}, unless the source is {@code owing} a chunk it said it had:
     * that one gets no such grace, or a low limit would let it lie for ever.
     */
    private void awaitTurn(int length, StallWatchdog watchdog, boolean owing) throws IOException {
        try {
            while (!settings.limit().acquire(length, LIMIT_PATIENCE)) {
                if (!owing) {
                    watchdog.progressed();
                }
                if (stopped || swarm.stopped()) {
                    throw new IOException("stopped while keeping to the download limit");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keeping to the download limit", e);
        }
    }

    private void awaitChange() throws IOException {
        try {
            picker.awaitChange(HAVE_REFRESH);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

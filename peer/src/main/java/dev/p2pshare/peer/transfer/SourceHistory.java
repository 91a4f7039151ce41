package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How each source has fared in one download, so that it is tried again only when that can help.
 *
 * <p>A source that <em>delivered nothing useful</em> (silent, a trickle, chunks it claimed and
 * did not send, no such file) is not tried again by this download until the tracker lists it with
 * more chunks than it had then: it has something new. A source that <em>failed in passing</em> (a
 * connection refused or reset) is tried again after a pause that doubles with each failure in a
 * row, from {@link #FIRST_PAUSE} to {@link #LONGEST_PAUSE}. Thread-safe.
 */
final class SourceHistory {

    /** How a source's last attempt ended. */
    enum Outcome {
        /** It delivered nothing useful: not tried again until it has something new. */
        UNPRODUCTIVE,
        /** The connection failed in a way that may pass: tried again after a pause. */
        PASSING;

        /**
         * How a source that failed with {@code failure} ended: unproductive if it ran out of time
         * (silent, or a trickle) or answered with an error (no such file, not allowed); in
         * passing otherwise (refused, reset, hung up).
         */
        static Outcome of(IOException failure) {
            return failure instanceof SocketTimeoutException || failure instanceof ErrorReplyException ? UNPRODUCTIVE
                    : PASSING;
        }
    }

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private record Record(Outcome outcome, int chunksListed, int failuresInARow, long retryAtNanos) {
    }

    private final Map<NodeId, Record> records = new HashMap<>();
    private final Set<NodeId> busy = new HashSet<>();
    private final LongSupplier nanoTime;

    /** A history that tells time with {@code nanoTime}, a monotonic clock in nanoseconds. */
    SourceHistory(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Whether {@code source}, as the tracker lists it now, is worth trying (and not being tried already). */
    synchronized boolean worthTrying(SourceEntry source) {
        if (busy.contains(source.peer().id())) {
            return false;
        }
        Record record = records.get(source.peer().id());
        if (record == null) {
            return true;
        }
        return switch (record.outcome()) {
            case UNPRODUCTIVE -> source.chunks() > record.chunksListed();
            case PASSING -> nanoTime.getAsLong() - record.retryAtNanos() >= 0;
        };
    }

    /**
     * {@code source} is being asked for something else (its manifest), and is not to be tried
     * meanwhile: what it answers first decides whether it is worth it, a lie getting it banned.
     */
    synchronized void asking(SourceEntry source) {
        busy.add(source.peer().id());
    }

    /** {@code source} delivered what was asked: it is worth trying again at once. */
    synchronized void delivered(SourceEntry source) {
        busy.remove(source.peer().id());
        records.remove(source.peer().id());
    }

    /**
     * {@code source}, listed as it was when it was tried, ended with {@code outcome}, having
     * delivered something on the way or not: a source that delivered starts its pauses over.
     */
    synchronized void ended(SourceEntry source, Outcome outcome, boolean deliveredSome) {
        busy.remove(source.peer().id());
        Record previous = records.get(source.peer().id());
        int failures = previous == null || deliveredSome ? 1 : previous.failuresInARow() + 1;
        long pause = Math.min(LONGEST_PAUSE.toNanos(), FIRST_PAUSE.toNanos() << Math.min(failures - 1, 30));
        records.put(source.peer().id(), new Record(outcome, source.chunks(), failures, nanoTime.getAsLong() + pause));
    }
}

package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which of the trackers this peer was given it uses or tries now, and how long to wait before the
 * next try. The first is the one at {@code hash(own id) mod n}, so that peers spread over the
 * trackers and each one starts at the same tracker every time. When a tracker is lost, the next
 * one is tried at once, then the ones after it; only after a whole round of failed tries does a
 * {@link Backoff} wait come before the next round, which starts with the next tracker again. With
 * one tracker, that is a new try at once after a loss and a back-off wait after every failure.
 *
 * <p>Moved on by the link's keeper, and replaced by {@link #replaceWith} when the peer moves to
 * another tracker; thread-safe.
 */
final class TrackerRotation {

    private List<Endpoint> trackers;
    private final Backoff backoff;
    private int current;
    private int failuresInARow;

    /**
     * @param trackers the trackers, in the order they are tried after one another; at least one, none twice
     * @param self this peer's own id, which picks the first
     */
    TrackerRotation(List<Endpoint> trackers, NodeId self, Backoff backoff) {
        if (trackers.isEmpty() || Set.copyOf(trackers).size() != trackers.size()) {
            throw new IllegalArgumentException("at least one tracker, none twice: " + trackers);
        }
        this.trackers = List.copyOf(trackers);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.current = first(self, trackers.size());
    }

    /** The index of the tracker a peer with the id {@code self} starts at, among {@code count}. */
    static int first(NodeId self, int count) {
        // The id is a SHA-256 hash: its leading digits are evenly spread.
        return (int) (Long.parseLong(self.hex().substring(0, 8), 16) % count);
    }

    /** The tracker used, or tried, now. */
    synchronized Endpoint current() {
        return trackers.get(current);
    }

    /** The tracker that comes after the current one. */
    synchronized Endpoint next() {
        return trackers.get((current + 1) % trackers.size());
    }

    /** How many trackers there are. */
    synchronized int size() {
        return trackers.size();
    }

    /** Moves on to the next tracker, to be tried at once: the current one was lost, or failed at start. */
    synchronized void moveOn() {
        current = (current + 1) % trackers.size();
    }

    /**
     * Moves on to the next tracker after a failed try at the current one.
     *
     * @return how long to wait before trying it: nothing within a round, a back-off wait once a
     *     whole round of tries has failed
     */
    synchronized Duration failed() {
        moveOn();
        failuresInARow++;
        return failuresInARow % trackers.size() == 0 ? backoff.nextWait() : Duration.ZERO;
    }

    /** Uses {@code tracker} alone from now on, as the tracker tried now, with a fresh back-off. */
    synchronized void replaceWith(Endpoint tracker) {
        trackers = List.of(tracker);
        current = 0;
        failuresInARow = 0;
        backoff.reset();
    }

    /** The current tracker took the registration: the next failures start a new round and the first wait. */
    synchronized void registered() {
        failuresInARow = 0;
        backoff.reset();
    }
}

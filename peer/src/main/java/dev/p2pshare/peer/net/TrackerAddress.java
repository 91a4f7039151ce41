package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tracker as the user names it: {@code HOST:PORT}, optionally followed by {@code #ID} to pin
 * the id the tracker must prove (as its start-up output prints it, dashes allowed).
 *
 * @param id the pinned id, or empty to trust the id the tracker proves on first contact
 */
public record TrackerAddress(Endpoint endpoint, Optional<NodeId> id) {

    public TrackerAddress {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(id, "id");
    }

    /**
     * Parses {@code HOST:PORT} or {@code HOST:PORT#ID}.
     *
     * @throws IllegalArgumentException if either part is malformed, saying which
     */
    public static TrackerAddress parse(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            return new TrackerAddress(Endpoint.parse(text), Optional.empty());
        }
        Endpoint endpoint = Endpoint.parse(text.substring(0, hash));
        try {
            return new TrackerAddress(endpoint, Optional.of(NodeId.parse(text.substring(hash + 1))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the tracker id after '#' must be the 64 hex digits the tracker "
                    + "prints at start: " + e.getMessage(), e);
        }
    }

    /**
     * Parses trackers separated by commas, each {@code HOST:PORT} or {@code HOST:PORT#ID}, spaces
     * around them allowed.
     *
     * @throws IllegalArgumentException if any is malformed or empty, saying how
     */
    public static List<TrackerAddress> parseList(String text) {
        List<TrackerAddress> trackers = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            trackers.add(parse(entry.strip()));
        }
        return List.copyOf(trackers);
    }

    /**
     * Checks that {@code trackers} name at least one tracker and no address twice.
     *
     * @throws IllegalArgumentException saying which address is listed twice
     */
    public static void requireDistinct(List<TrackerAddress> trackers) {
        if (trackers.isEmpty()) {
            throw new IllegalArgumentException("at least one tracker is needed");
        }
        Set<Endpoint> seen = new HashSet<>();
        for (TrackerAddress tracker : trackers) {
            if (!seen.add(tracker.endpoint())) {
                throw new IllegalArgumentException(tracker.endpoint() + " is listed twice");
            }
        }
    }
}

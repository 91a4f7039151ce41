package dev.p2pshare.peer.cli;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.util.Objects;
import java.util.Optional;

/**
 * The tracker as the user names it: {@code HOST:PORT}, optionally followed by {@code #ID} to pin
 * the id the tracker must prove (as its start-up output prints it, dashes allowed).
 */
record TrackerAddress(Endpoint endpoint, Optional<NodeId> id) {

    TrackerAddress {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(id, "id");
    }

    /**
     * Parses {@code HOST:PORT} or {@code HOST:PORT#ID}.
     *
     * @throws IllegalArgumentException if either part is malformed, saying which
     */
    static TrackerAddress parse(String text) {
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
}

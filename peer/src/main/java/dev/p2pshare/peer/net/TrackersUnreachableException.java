package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * None of the trackers this peer was given took its first registration. The message names each,
 * in the order they were tried, and why it failed.
 */
public final class TrackersUnreachableException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient List<Endpoint> trackers;

    /** @param failures each tracker tried, in the order tried, and why it failed */
    TrackersUnreachableException(Map<Endpoint, IOException> failures) {
        super("cannot register with any of the " + failures.size() + " trackers: " + failures.entrySet().stream()
                .map(failure -> failure.getKey() + " (" + reason(failure.getValue()) + ")")
                .collect(Collectors.joining("; ")));
        this.trackers = List.copyOf(failures.keySet());
        failures.values().forEach(this::addSuppressed);
    }

    private static String reason(IOException failure) {
        if (failure instanceof ErrorReplyException refused) {
            return "refused this peer: " + FailureReason.of(refused);
        }
        return FailureReason.of(failure);
    }

    /** The trackers tried, in the order tried. */
    public List<Endpoint> trackers() {
        return trackers;
    }
}

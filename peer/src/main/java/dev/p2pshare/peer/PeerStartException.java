package dev.p2pshare.peer;

import dev.p2pshare.peer.net.TrackersUnreachableException;
import dev.p2pshare.peer.net.UntrustedTrackerException;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * Why a peer could not start, by kind, so that whoever started it can say what to change: the
 * command line names its options, a test checks the kind. The message says what happened only.
 */
public abstract sealed class PeerStartException extends PeerException {

    private static final long serialVersionUID = 1L;

    private PeerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The port to serve chunks on could not be bound. */
    public static final class PortTaken extends PeerStartException {

        private static final long serialVersionUID = 1L;

        private final int port;

        PortTaken(int port, String reason, Throwable cause) {
            super("cannot serve on port " + port + ": " + reason, cause);
            this.port = port;
        }

        /** The port asked for. */
        public int port() {
            return port;
        }
    }

    /** The port for the tracker this peer was to host could not be bound. */
    public static final class HostedTrackerPortTaken extends PeerStartException {

        private static final long serialVersionUID = 1L;

        private final int port;

        HostedTrackerPortTaken(int port, String reason, Throwable cause) {
            super("cannot host a tracker on port " + port + ": " + reason, cause);
            this.port = port;
        }

        /** The port asked for. */
        public int port() {
            return port;
        }
    }

    /** The tracker did not answer, or the connection to it failed. */
    public static final class TrackerUnreachable extends PeerStartException {

        private static final long serialVersionUID = 1L;

        private final transient Endpoint tracker;

        TrackerUnreachable(Endpoint tracker, String reason, Throwable cause) {
            super("cannot register with the tracker at " + Objects.requireNonNull(tracker, "tracker") + ": " + reason,
                    cause);
            this.tracker = tracker;
        }

        /** The tracker's address, as given. */
        public Endpoint tracker() {
            return tracker;
        }
    }

    /** Several trackers were given, and none of them took the registration; the message says why for each. */
    public static final class TrackersUnreachable extends PeerStartException {

        private static final long serialVersionUID = 1L;

        private final transient List<Endpoint> trackers;

        TrackersUnreachable(TrackersUnreachableException failure) {
            super(failure.getMessage(), failure);
            this.trackers = failure.trackers();
        }

        /** The trackers' addresses, in the order they were tried. */
        public List<Endpoint> trackers() {
            return trackers;
        }
    }

    /** The node at the tracker's address proved an id other than the one this peer trusts there. */
    public static final class TrackerUntrusted extends PeerStartException {

        private static final long serialVersionUID = 1L;

        private final transient UntrustedTrackerException untrusted;

        TrackerUntrusted(UntrustedTrackerException untrusted) {
            super(untrusted.getMessage(), untrusted);
            this.untrusted = untrusted;
        }

        /** The tracker's address, as configured. */
        public Endpoint tracker() {
            return untrusted.tracker();
        }

        /** The id the node at that address proved. */
        public NodeId presented() {
            return untrusted.presented();
        }
    }

    /** The tracker answered and refused this peer (not on its allow list, for example). */
    public static final class TrackerRefused extends PeerStartException {

        private static final long serialVersionUID = 1L;

        TrackerRefused(Endpoint tracker, String reason, Throwable cause) {
            super("the tracker at " + tracker + " refused this peer: " + reason, cause);
        }
    }
}

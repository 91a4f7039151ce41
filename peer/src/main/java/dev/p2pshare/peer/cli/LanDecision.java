package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.PeerException;
import dev.p2pshare.peer.PeerStartException;
import dev.p2pshare.peer.TrackerDecision;
import dev.p2pshare.peer.lan.TrackerChoice;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker a peer started without {@code --tracker} registers with, decided by what its look
 * on the LAN found ({@link LanPresence}, started before the peer indexes its folder): one
 * announced there, a tracker listening on this machine's port 6969 where multicast finds none, or
 * one the peer hosts. The rules are {@link TrackerChoice}'s.
 */
final class LanDecision implements TrackerDecision {

    /** The start abandoned: several trackers new to this peer are announced, and the user must choose. */
    static final class SeveralFound extends PeerException {

        private static final long serialVersionUID = 1L;

        private final transient TrackerChoice.Several several;

        SeveralFound(TrackerChoice.Several several) {
            super(several.trackers().size() + " trackers are announced on the LAN, none trusted before");
            this.several = several;
        }

        TrackerChoice.Several several() {
            return several;
        }
    }

    /** Where a peer that finds no tracker on the LAN looks last: the quick start's tracker. */
    private static final Endpoint LOCAL_TRACKER = new Endpoint("127.0.0.1", TrackerConfig.DEFAULT_PORT);

    private static final Duration LOCAL_PROBE = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(LanDecision.class);

    private final LanPresence lan;
    private final TrackerTrust trust;
    private final boolean mayHost;
    private final Endpoint localTracker;
    private NodeId chosen;

    /**
     * @param lan looking already, or looking from the call to {@link #decide}
     * @param trust the trackers this peer trusts
     * @param mayHost whether the peer may host a tracker if it finds none
     */
    LanDecision(LanPresence lan, TrackerTrust trust, boolean mayHost) {
        this(lan, trust, mayHost, LOCAL_TRACKER);
    }

    /**
     * As {@link #LanDecision(LanPresence, TrackerTrust, boolean)}, with the tracker of this
     * machine looked for where multicast finds none at {@code localTracker}, not 127.0.0.1:6969.
     */
    LanDecision(LanPresence lan, TrackerTrust trust, boolean mayHost, Endpoint localTracker) {
        this.lan = Objects.requireNonNull(lan, "lan");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.mayHost = mayHost;
        this.localTracker = Objects.requireNonNull(localTracker, "localTracker");
    }

    /**
     * {@inheritDoc}
     *
     * @throws SeveralFound if several trackers new to this peer are announced
     * @throws PeerException if none is, and the peer may not host one; or if interrupted while
     *     waiting for the look to end
     */
    @Override
    public PeerConfig decide(PeerConfig given) throws PeerException {
        TrackerChoice.Choice choice;
        try {
            choice = lan.choose(trust, mayHost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while looking for trackers on the LAN", e);
        }
        if ((choice instanceof TrackerChoice.Host || choice instanceof TrackerChoice.NoneFound)
                && listens(localTracker)) {
            // Where multicast does not reach (some containers and VPNs), a tracker started on this
            // machine as the quick start does is still found where peers always looked for it.
            log.info("no tracker is announced on the LAN, but one listens on {}: using it", localTracker);
            return given.using(new TrackerAddress(localTracker, Optional.empty()));
        }
        if (choice instanceof TrackerChoice.Several several) {
            throw new SeveralFound(several);
        }
        if (choice instanceof TrackerChoice.NoneFound) {
            throw new PeerException("no tracker is announced on the LAN (looked for at least "
                    + LanPresence.BROWSE_TIME.toSeconds() + " s), and --no-host forbids hosting one here;"
                    + " give one with --tracker HOST:PORT");
        }
        if (choice instanceof TrackerChoice.Use use) {
            log.info("using the tracker announced on the LAN at {} with id {} ({})", use.tracker().endpoint(),
                    use.tracker().id().grouped(), use.trustedBefore() ? "trusted before"
                            : "the only one found: its id is trusted on first use");
            chosen = use.tracker().id();
            return given.using(TrackerChoice.addressOf(use.tracker(), trust::trusts));
        }
        log.info("no tracker is announced on the LAN: hosting one in this peer");
        return given;
    }

    /**
     * What to start with instead after {@code taken}: when this peer decided to host a tracker, and
     * another process of this machine, a peer that decided so at the same moment, took the port
     * first, this peer registers with the tracker listening there. Empty if the port is not the
     * one a peer on the LAN hosts on, or nothing listens on it.
     */
    Optional<PeerConfig> afterPortTaken(PeerConfig given, PeerStartException.HostedTrackerPortTaken taken) {
        if (taken.port() != localTracker.port() || !listens(localTracker)) {
            return Optional.empty();
        }
        log.info("another tracker took port {} on this machine while this peer was starting: using it",
                taken.port());
        return Optional.of(given.using(new TrackerAddress(localTracker, Optional.empty())));
    }

    /** The id of the tracker announced on the LAN that {@link #decide} chose, or null if none. */
    NodeId chosen() {
        return chosen;
    }

    /** Whether something accepts connections at {@code endpoint}, asked for a moment only. */
    private static boolean listens(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) LOCAL_PROBE.toMillis());
            return true;
        } catch (IOException nobody) {
            return false;
        }
    }
}

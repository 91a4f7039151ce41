package dev.p2pshare.peer.cli;

import dev.p2pshare.peer.HostedTracker;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.lan.AnnouncedTrackers;
import dev.p2pshare.peer.lan.TrackerChoice;
import dev.p2pshare.peer.lan.TrackerDiscovery;
import dev.p2pshare.peer.lan.TrackerFollower;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import dev.p2pshare.tracker.LanAnnouncement;
import dev.p2pshare.tracker.LanAnnouncer;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's part on the LAN: for a peer started without {@code --tracker}, looking for the
 * trackers announced there and choosing one ({@link TrackerChoice}), then following the others
 * to the tracker with the lowest id ({@link TrackerFollower}); for a peer that hosts a tracker,
 * announcing it. {@link #close} withdraws the announcement and stops watching.
 */
final class LanPresence implements AutoCloseable {

    /** How long a peer looks for trackers on the LAN before it chooses. */
    static final Duration BROWSE_TIME = Duration.ofSeconds(2);

    /** How much longer it waits for a tracker heard of in that time to be resolved (its port, address and id). */
    static final Duration RESOLVE_GRACE = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(LanPresence.class);

    private final TrackerDiscovery discovery;
    private final Duration browseTime;
    private final LongSupplier nanoTime;
    private final AnnouncedTrackers announced = new AnnouncedTrackers();
    private boolean looking;
    private long lookStartedNanos;
    private boolean watching;
    private final AtomicReference<LanAnnouncer> announcer = new AtomicReference<>();

    /**
     * @param discovery where announcements are heard; closed with this
     * @param browseTime how long to look before choosing, unless a tracker trusted before is heard sooner
     */
    LanPresence(TrackerDiscovery discovery, Duration browseTime) {
        this(discovery, browseTime, System::nanoTime);
    }

    /**
     * @param discovery where announcements are heard; closed with this
     * @param browseTime how long to look before choosing, unless a tracker trusted before is heard sooner
     * @param nanoTime the monotonic clock the browse time is counted on, {@link System#nanoTime} but in tests
     */
    LanPresence(TrackerDiscovery discovery, Duration browseTime, LongSupplier nanoTime) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.browseTime = Objects.requireNonNull(browseTime, "browseTime");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Starts looking for trackers on the LAN, for {@link #choose} to choose among once the browse
     * time has passed. A LAN that cannot be watched here counts as one with no tracker, and says why.
     */
    void look() {
        if (looking) {
            throw new IllegalStateException("already looking");
        }
        looking = true;
        lookStartedNanos = nanoTime.getAsLong();
        try {
            discovery.watch(announced);
            watching = true;
        } catch (IOException e) {
            log.warn("cannot look for trackers on the LAN: {}", FailureReason.of(e));
        }
    }

    /**
     * Applies the rules to the trackers announced on the LAN, once the browse time since the look
     * started has passed (looking first if {@link #look} was not called), or as soon as a tracker
     * trusted before is heard.
     */
    TrackerChoice.Choice choose(TrackerTrust trust, boolean mayHost) throws InterruptedException {
        if (!looking) {
            look();
        }
        Duration left = browseTime.minusNanos(nanoTime.getAsLong() - lookStartedNanos);
        return TrackerChoice.choose(
                announced.awaitUntil(watching && !left.isNegative() ? left : Duration.ZERO,
                        watching ? RESOLVE_GRACE : Duration.ZERO,
                        found -> TrackerChoice.holdsTrusted(found, trust::trusts)),
                trust::trusts, mayHost);
    }

    /**
     * Once {@code peer} runs: announces the tracker it hosts, if any and if {@code announce}, logging
     * when the announcement is out, and, if it chose its tracker on the LAN ({@code chosen} is that
     * tracker's id, or its own tracker's), follows the others to the tracker with the lowest id.
     */
    void started(Peer peer, boolean announce, NodeId chosen, TrackerTrust trust) {
        peer.hostedTracker().filter(hosted -> announce).ifPresent(this::announceTracker);
        if (chosen == null || !watching) {
            return;
        }
        boolean hosting = peer.hostedTracker().map(hosted -> hosted.id().equals(chosen)).orElse(false);
        TrackerFollower follower = new TrackerFollower(chosen, hosting, target -> moveTo(peer, target, trust));
        announced.watch(follower);
        // What was heard while the peer started counts too.
        follower.accept(announced.now());
    }

    private void announceTracker(HostedTracker hosted) {
        LanAnnouncer started;
        try {
            started = LanAnnouncer.start(hosted.tracker().port(), hosted.id());
        } catch (IOException e) {
            log.warn("the tracker this peer hosts is not announced on the LAN: {}", FailureReason.of(e));
            return;
        }
        announcer.set(started);
        // The announcement takes seconds to go out; the shell does not wait for it.
        ConnectionThreads.startDaemon("lan-announcement", () -> {
            if (started.awaitOut()) {
                log.info("{}", started.description());
            } else if (announcer.get() == started) {
                log.warn("{}", started.notOutWarning());
            }
        });
    }

    private void moveTo(Peer peer, LanAnnouncement target, TrackerTrust trust) {
        LanAnnouncer own = announcer.getAndSet(null);
        log.info("moving to the tracker announced on the LAN at {} with the lower id {}{}", target.endpoint(),
                target.id().grouped(), own != null ? "; no longer announcing the tracker this peer hosts" : "");
        closeIfAny(own);
        TrackerAddress address = TrackerChoice.addressOf(target, trust::trusts);
        try {
            peer.moveTo(address);
        } catch (IOException e) {
            log.error("cannot move to the tracker at {}: {}", target.endpoint(), Printable.escape(e.getMessage()));
        }
    }

    @Override
    public void close() {
        closeIfAny(announcer.getAndSet(null));
        discovery.close();
    }

    private static void closeIfAny(LanAnnouncer own) {
        if (own != null) {
            own.close();
        }
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FailureReason;
import dev.p2pshare.protocol.transport.ConnectionThreads;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the sessions of peers that stopped sending heartbeats. Every interval it asks the registry
 * for the expired peers (which the registry removes under its lock) and only then, holding no
 * lock, closes their connections.
 */
final class ExpirySweeper implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final PeerRegistry registry;
    private final ScheduledExecutorService timer;

    ExpirySweeper(PeerRegistry registry, Duration interval) {
        this.registry = registry;
        this.timer = ConnectionThreads.timer("tracker-sweeper");
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Expires silent peers now. */
    void sweep() {
        try {
            List<RegisteredPeer> expired = registry.expire();
            for (RegisteredPeer peer : expired) {
                log.info("peer {} left: no heartbeat for {} s", peer, registry.ttl().toSeconds());
                closeConnection(peer);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep sweeping.
            log.error("expiry sweep failed", e);
        }
    }

    private static void closeConnection(RegisteredPeer peer) {
        try {
            peer.connection().close();
        } catch (IOException e) {
            log.debug("closing the connection of expired peer {} failed: {}", peer, FailureReason.of(e));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.NodeId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers caught sending chunks that fail verification. A banned peer is not used again by any
 * download until it restarts: the tracker gives a restarted peer a new id. Thread-safe.
 */
public final class Bans {

    /** How many bad chunks from one peer, in one download, get it banned. */
    public static final int STRIKES = 3;

    private static final Logger log = LoggerFactory.getLogger(Bans.class);

    /** A banned peer: who, why, and when. */
    public record Ban(NodeId peer, String name, String reason, Instant at) {
        public Ban {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    private final Map<NodeId, Ban> bans = new ConcurrentHashMap<>();

    /** Whether {@code peer} is banned. */
    public boolean isBanned(NodeId peer) {
        return bans.containsKey(peer);
    }

    /** Bans {@code peer}, called {@code name}, for {@code reason}. */
    void ban(NodeId peer, String name, String reason) {
        if (bans.putIfAbsent(peer, new Ban(peer, name, reason, Instant.now())) == null) {
            log.warn("banned peer {} ({}): {}", name, peer.shortHex(), reason);
        }
    }

    /** Every ban, oldest first. */
    public List<Ban> list() {
        return bans.values().stream().sorted(Comparator.comparing(Ban::at)).toList();
    }
}

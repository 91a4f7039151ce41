package dev.p2pshare.peer.transfer;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import dev.p2pshare.protocol.ProtocolException;
import dev.p2pshare.protocol.TruncatedFrameException;
import dev.p2pshare.protocol.transport.ErrorReplyException;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers caught lying: sending chunks that fail verification, a manifest that does not hash to the
 * file id, or answers other than what was asked. A banned peer is not used again by any download
 * of this peer until this peer restarts; a node id is the hash of the peer's certificate, so the
 * banned peer cannot shake its ban off by restarting. Thread-safe.
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

    /**
     * Whether {@code failure}, met while talking to a source, is that source's lie rather than a
     * mishap: a whole frame that breaks the rules or does not answer what was asked, as found on
     * this side; not an error the source sent, nor a connection that ended inside a frame.
     */
    static boolean isALie(IOException failure) {
        return failure instanceof ProtocolException violation
                && !(failure instanceof ErrorReplyException) && !(failure instanceof TruncatedFrameException)
                && (violation.code() == ErrorCode.BAD_MESSAGE || violation.code() == ErrorCode.BAD_FRAME);
    }

    /** Bans {@code peer}, called {@code name}, for {@code reason}. */
    void ban(NodeId peer, String name, String reason) {
        if (bans.putIfAbsent(peer, new Ban(peer, name, reason, Instant.now())) == null) {
            log.warn("banned peer {} ({}): {}", Printable.escape(name), peer.shortHex(), Printable.escape(reason));
        }
    }

    /** Every ban, oldest first. */
    public List<Ban> list() {
        return bans.values().stream().sorted(Comparator.comparing(Ban::at)).toList();
    }
}

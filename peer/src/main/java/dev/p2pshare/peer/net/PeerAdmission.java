package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Printable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom this peer serves: everyone on an open network; on a network whose tracker has an allow
 * list, only the nodes the tracker says are on it. The tracker is asked about each node that
 * connects ({@code check-peer}), and its answer kept for {@link #ALLOWED_FOR} (so a node taken off
 * the list is refused within that time) or, for a refusal, {@link #REFUSED_FOR}.
 *
 * <p>Until the tracker has said whether its network is open, and whenever it cannot be asked,
 * nodes not already known to be allowed are refused: a private network stays private when its
 * tracker is down. A tracker older than {@code check-peer} keeps no list peers can enforce, and
 * everyone is served, as before. Thread-safe.
 */
public final class PeerAdmission {

    /**
     * How long the tracker's word that a node is allowed is trusted: the longest a node taken off
     * the list is still served, on a connection already open too.
     */
    public static final Duration ALLOWED_FOR = Duration.ofSeconds(10);

    /** How long a refusal stands before the tracker is asked again. */
    public static final Duration REFUSED_FOR = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(PeerAdmission.class);

    /** Asks the tracker whether a node may be served. */
    @FunctionalInterface
    public interface Checker {
        Message.PeerCheck check(NodeId id) throws IOException;
    }

    private enum Network { UNKNOWN, OPEN, RESTRICTED }

    private record Verdict(boolean allowed, long untilNanos) {
    }

    private static final int FORGET_ABOVE = 10_000;

    private final LongSupplier nanoTime;
    private volatile Checker checker;
    private final Map<NodeId, Verdict> verdicts = new ConcurrentHashMap<>();
    private volatile Network network = Network.UNKNOWN;

    /**
     * Admission that times its verdicts with {@code nanoTime}, a monotonic clock. Until it is told
     * how to ask the tracker ({@link #askWith}), it admits no one.
     */
    public PeerAdmission(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** From now on, asks {@code checker} about nodes not known yet. */
    public void askWith(Checker checker) {
        this.checker = checker;
    }

    /** The tracker said whether its network is restricted to an allow list. */
    public void networkIs(boolean restricted) {
        network = restricted ? Network.RESTRICTED : Network.OPEN;
        if (!restricted) {
            verdicts.clear();
        }
    }

    /** Whether the node {@code id}, which proved its id on its connection, may be served. */
    public boolean admits(NodeId id) {
        if (network == Network.OPEN) {
            return true;
        }
        long now = nanoTime.getAsLong();
        Verdict known = verdicts.get(id);
        if (known != null && known.untilNanos() - now > 0) {
            return known.allowed();
        }
        Checker asking = checker;
        if (asking == null) {
            return false;
        }
        Message.PeerCheck answer;
        try {
            answer = asking.check(id);
            if (!answer.id().equals(id)) {
                throw new IOException("the tracker answered about " + answer.id().shortHex() + ", not " + id.shortHex());
            }
        } catch (IOException e) {
            log.debug("cannot ask the tracker whether {} may be served ({}); refusing it for now", id.shortHex(),
                    Printable.escape(e));
            return false;
        }
        networkIs(answer.restricted());
        boolean allowed = !answer.restricted() || answer.allowed();
        if (verdicts.size() > FORGET_ABOVE) {
            verdicts.values().removeIf(verdict -> verdict.untilNanos() - now <= 0);
        }
        verdicts.put(id, new Verdict(allowed, now + (allowed ? ALLOWED_FOR : REFUSED_FOR).toNanos()));
        return allowed;
    }
}

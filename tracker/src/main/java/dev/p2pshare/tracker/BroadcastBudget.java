package dev.p2pshare.tracker;

import java.time.Clock;

/**
 * How many notices broadcasts and offers from all peers together may still fan out: a burst of
 * {@value #BURST}, refilled at {@value #PER_SECOND} a second. Each peer's own
 * {@link RelayAllowance} bounds what one peer sends; this bounds what ten thousand peers sending
 * at once cost the tracker. Thread-safe.
 */
final class BroadcastBudget {

    /** How many notices broadcasts may fan out at once after a quiet while. */
    static final int BURST = 40_000;

    /** How many more they may fan out each second, on average. */
    static final int PER_SECOND = 20_000;

    private final TokenBucket bucket;

    BroadcastBudget(Clock clock) {
        this.bucket = new TokenBucket(clock, BURST, PER_SECOND);
    }

    /**
     * Pays for one broadcast that reaches {@code reach} peers; false, paying nothing, if the budget
     * cannot. A broadcast to more peers than the burst costs the whole burst: it can still go out,
     * once the budget is full.
     */
    boolean take(int reach) {
        return bucket.take(Math.min(reach, BURST));
    }
}

package dev.p2pshare.tracker;

import java.time.Clock;

/**
 * How many texts and offers one session may still send: a burst of {@value #BURST}, refilled at
 * {@value #PER_SECOND} a second. Keeps one peer from flooding every other peer's screen; the
 * tracker's own cost per text is bounded by the notice queues and the {@link BroadcastBudget}.
 * Thread-safe.
 */
final class RelayAllowance {

    /** How many texts and offers a session may send at once after a quiet while. */
    static final int BURST = 50;

    /** How many more it may send each second, on average. */
    static final int PER_SECOND = 10;

    private final TokenBucket bucket;

    RelayAllowance(Clock clock) {
        this.bucket = new TokenBucket(clock, BURST, PER_SECOND);
    }

    /** Takes one send from the allowance; false, taking nothing, if none is left now. */
    boolean take() {
        return bucket.take(1);
    }
}

package dev.p2pshare.tracker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many texts and offers one session may still send: a burst of {@value #BURST}, refilled at
 * {@value #PER_SECOND} a second. Keeps one peer from flooding every other peer's screen; the
 * tracker's own cost per text is bounded by the notice queues anyway. Thread-safe.
 */
final class RelayAllowance {

    /** How many texts and offers a session may send at once after a quiet while. */
    static final int BURST = 50;

    /** How many more it may send each second, on average. */
    static final int PER_SECOND = 10;

    private final Clock clock;
    private double left = BURST;
    private Instant refilled;

    RelayAllowance(Clock clock) {
        this.clock = clock;
        this.refilled = clock.instant();
    }

    /** Takes one send from the allowance; false, taking nothing, if none is left now. */
    synchronized boolean take() {
        Instant now = clock.instant();
        long elapsedNanos = Math.max(0, Duration.between(refilled, now).toNanos());
        left = Math.min(BURST, left + elapsedNanos * PER_SECOND / 1e9);
        refilled = now;
        if (left < 1) {
            return false;
        }
        left--;
        return true;
    }
}

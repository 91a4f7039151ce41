package dev.p2pshare.tracker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A budget that refills with time: up to {@code burst} units at once, {@code perSecond} more each
 * second, measured by an injected clock. Thread-safe.
 */
final class TokenBucket {

    private final Clock clock;
    private final double burst;
    private final double perSecond;
    private double left;
    private Instant refilled;

    /** A full bucket. */
    TokenBucket(Clock clock, double burst, double perSecond) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a bucket holds at least 1 and refills, not " + burst + " at "
                    + perSecond + " a second");
        }
        this.clock = clock;
        this.burst = burst;
        this.perSecond = perSecond;
        this.left = burst;
        this.refilled = clock.instant();
    }

    /** Takes {@code cost} units; false, taking nothing, if fewer are left now. */
    synchronized boolean take(long cost) {
        if (cost < 0) {
            throw new IllegalArgumentException("a cost is 0 or more, not " + cost);
        }
        Instant now = clock.instant();
        long elapsedNanos = Math.max(0, Duration.between(refilled, now).toNanos());
        left = Math.min(burst, left + elapsedNanos * perSecond / 1e9);
        refilled = now;
        if (left < cost) {
            return false;
        }
        left -= cost;
        return true;
    }
}

package dev.p2pshare.peer.net;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt at something that failed: the first wait, then
 * doubling up to the last, each varied by ±20% so that many peers retrying the same thing (after
 * a tracker restart, say) do not all come back at the same moment. Not thread-safe: one per
 * retrying loop.
 */
public final class Backoff {

    private final Duration first;
    private final Duration last;
    private Duration next;

    /** Waits from {@code first}, doubling, to at most {@code last}. */
    public Backoff(Duration first, Duration last) {
        if (first.isNegative() || first.isZero() || last.compareTo(first) < 0) {
            throw new IllegalArgumentException("the first wait must be positive and the last no shorter");
        }
        this.first = first;
        this.last = last;
        this.next = first;
    }

    /** The wait before the next attempt; each call doubles the one after, up to the last. */
    public Duration nextWait() {
        Duration base = next;
        next = base.multipliedBy(2).compareTo(last) > 0 ? last : base.multipliedBy(2);
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base.toMillis() * factor));
    }

    /** Starts again from the first wait, after a success. */
    public void reset() {
        next = first;
    }
}

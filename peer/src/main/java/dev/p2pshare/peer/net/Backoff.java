package dev.p2pshare.peer.net;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt to reach the tracker: 1 s after the first failure,
 * doubling up to 30 s, each wait varied by ±20% so that many peers do not all come back at the
 * same moment after a tracker restart. Not thread-safe: one per retrying loop.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LAST = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /** The wait before the next attempt; each call doubles the one after, up to {@link #LAST}. */
    Duration nextWait() {
        Duration base = next;
        next = base.multipliedBy(2).compareTo(LAST) > 0 ? LAST : base.multipliedBy(2);
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base.toMillis() * factor));
    }

    /** Starts again from {@link #FIRST}, after a success. */
    void reset() {
        next = FIRST;
    }
}

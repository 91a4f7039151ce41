package dev.p2pshare.peer.transfer;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A download clock that stands still until a test moves it: a download waiting a minute for a source
 * waits until the test says a minute has passed, and not a moment longer.
 */
final class ManualClock implements DownloadClock {

    /** How often a wait looks whether the clock was moved past its end. */
    private static final long LOOK_MILLIS = 5;

    // Far from zero, so that nothing may take zero for "never".
    private final AtomicLong now = new AtomicLong(Duration.ofDays(1).toNanos());
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public boolean await(Semaphore wakeup, Duration timeout) throws InterruptedException {
        long until = now.get() + timeout.toNanos();
        waiting.incrementAndGet();
        try {
            while (now.get() - until < 0) {
                if (wakeup.tryAcquire(LOOK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return wakeup.tryAcquire();
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** How many threads wait on this clock now, each having read when its wait ends. */
    int waiting() {
        return waiting.get();
    }

    /** Moves the clock on by {@code duration}. */
    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}

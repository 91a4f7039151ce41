package dev.p2pshare.peer.transfer;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The time downloads go by: when a source last delivered, how long a download has waited for one,
 * and its pauses between asking the tracker again. In use it is the system's monotonic clock;
 * tests move one by hand, so that a download that waits a minute for a source takes no time at all.
 *
 * <p>Only waits measured against the download's settings go by it. The rate at which a source
 * delivers is measured on the system clock: it is the network's speed, not a wait.
 */
interface DownloadClock {

    /** The system's monotonic clock, {@link System#nanoTime}. */
    DownloadClock SYSTEM = new DownloadClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean await(Semaphore wakeup, Duration timeout) throws InterruptedException {
            return wakeup.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    };

    /** Now, in nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /**
     * Takes a permit of {@code wakeup}, waiting until one is released or {@code timeout} has passed on
     * this clock.
     *
     * @return whether a permit was taken
     */
    boolean await(Semaphore wakeup, Duration timeout) throws InterruptedException;
}

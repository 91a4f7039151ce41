package dev.p2pshare.peer.net;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the bytes that pass one way, across all the connections that share it, under a rate that
 * may be changed at any time: the peer's uploads share one, its downloads another.
 *
 * <p>Each caller takes its bytes when the limit owes nothing, and the debt they leave is paid back
 * at the rate in force while it is paid, so that a change applies from the moment it is made, to
 * callers already waiting too: a chunk that made a debt at the old rate keeps the new one waiting
 * at most that chunk's time at the new rate. Time spent idle is not saved up for a burst later.
 * Thread-safe; an unlimited instance never waits.
 */
public final class RateLimit {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Bytes per second, 0 for no limit; written under {@link #lock}, read without it for the fast path. */
    private volatile long bytesPerSecond;
    /** Bytes that may pass now: 0 or less, as bytes owed for what passed before. Guarded by {@link #lock}. */
    private double balance;
    private long paidUntilNanos;

    private RateLimit(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.paidUntilNanos = System.nanoTime();
    }

    /** No limit, until {@link #change changed}. */
    public static RateLimit unlimited() {
        return new RateLimit(0);
    }

    /** At most {@code bytesPerSecond} on average; 0 means no limit. */
    public static RateLimit of(long bytesPerSecond) {
        return new RateLimit(requireRate(bytesPerSecond));
    }

    /** The rate now, in bytes per second; 0 for none. */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Sets the rate to {@code bytesPerSecond}, 0 for no limit. What is owed so far is owed at the
     * old rate up to now and at the new one from now on; callers waiting work out their wait again.
     */
    public void change(long bytesPerSecond) {
        requireRate(bytesPerSecond);
        lock.lock();
        try {
            payBack(System.nanoTime());
            this.bytesPerSecond = bytesPerSecond;
            if (bytesPerSecond == 0) {
                balance = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code bytes} more may pass, for as long as it takes. */
    public void acquire(int bytes) throws InterruptedException {
        acquire(bytes, Long.MAX_VALUE);
    }

    /**
     * Waits until {@code bytes} more may pass, or {@code patience} goes by, whichever comes first,
     * so that a caller can look up now and then from a long wait.
     *
     * @return whether the bytes may pass; if not, nothing was taken
     */
    public boolean acquire(int bytes, Duration patience) throws InterruptedException {
        return acquire(bytes, patience.toNanos());
    }

    private boolean acquire(int bytes, long patienceNanos) throws InterruptedException {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot take " + bytes + " bytes");
        }
        if (bytesPerSecond == 0) {
            return true;
        }
        long left = patienceNanos;
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                long rate = bytesPerSecond;
                if (rate == 0) {
                    return true;
                }
                payBack(now);
                if (balance >= 0) {
                    balance -= bytes;
                    return true;
                }
                if (left <= 0) {
                    return false;
                }
                long owedNanos = (long) Math.ceil(-balance * TimeUnit.SECONDS.toNanos(1) / rate);
                changed.awaitNanos(Math.min(owedNanos, left));
                left -= System.nanoTime() - now;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Pays back what is owed for the time up to {@code now}, at the rate in force; never saves up. */
    private void payBack(long now) {
        long rate = bytesPerSecond;
        if (rate > 0 && balance < 0) {
            balance = Math.min(0, balance + (now - paidUntilNanos) * (double) rate / TimeUnit.SECONDS.toNanos(1));
        }
        paidUntilNanos = now;
    }

    private static long requireRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative");
        }
        return bytesPerSecond;
    }
}

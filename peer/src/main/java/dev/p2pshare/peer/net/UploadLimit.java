package dev.p2pshare.peer.net;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the bytes this peer serves, across all connections, under a rate: each chunk waits its
 * turn on a shared schedule. Thread-safe; an unlimited instance never waits.
 */
public final class UploadLimit {

    private final long bytesPerSecond;
    private long nextFreeNanos;

    private UploadLimit(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** No limit. */
    public static UploadLimit unlimited() {
        return new UploadLimit(0);
    }

    /** At most {@code bytesPerSecond} on average; 0 means no limit. */
    public static UploadLimit of(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("an upload limit cannot be negative");
        }
        return new UploadLimit(bytesPerSecond);
    }

    /** Waits until {@code bytes} more may be sent. */
    void acquire(int bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            if (nextFreeNanos < now) {
                nextFreeNanos = now;
            }
            wait = nextFreeNanos - now;
            nextFreeNanos += bytes * 1_000_000_000L / bytesPerSecond;
        }
        if (wait > 0) {
            // Waiting is what the limit is for: this connection sends nothing until its turn.
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}

package dev.p2pshare.peer.net;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What this peer has served to others since it started. Thread-safe. */
public final class ServingStats {

    private final AtomicInteger activeConnections = new AtomicInteger();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** A snapshot for display. */
    public record Snapshot(int activeConnections, long chunks, long bytes) {
    }

    void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    void chunkServed(int length) {
        chunks.incrementAndGet();
        bytes.addAndGet(length);
    }

    public Snapshot snapshot() {
        return new Snapshot(activeConnections.get(), chunks.get(), bytes.get());
    }
}

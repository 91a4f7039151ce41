package dev.p2pshare.bench;

import dev.p2pshare.protocol.FileId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How long a cluster of trackers takes to tell one instance about a peer another instance has
 * just registered. Each sample opens two fresh sessions: an observer on instance B, then a new
 * peer sharing one file on instance A (the next instance after B, in turn); the clock starts when
 * A has answered the peer's register, and stops when a locate of the file on B names a source.
 *
 * @param millis the samples seen, in the order taken
 * @param unseen samples whose file B did not find in the time given
 */
record ReplicationLag(List<Double> millis, int unseen) {

    /** How long a sample waits for the file to show on the other instance, unless told otherwise. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    /** The pause between two locates on the observer: the resolution of a sample, and its load on B. */
    private static final long POLL_MILLIS = 1;

    ReplicationLag {
        millis = List.copyOf(millis);
        if (unseen < 0) {
            throw new IllegalArgumentException("unseen must be 0 or more, not " + unseen);
        }
    }

    /**
     * Takes {@code samples} samples on {@code trackers}, two or more, its sessions connecting from
     * the loopback addresses of sessions {@code firstSession} on (see {@link LoopbackAddresses});
     * a sample waits {@code patience} at most.
     */
    static ReplicationLag measure(List<InetSocketAddress> trackers, int samples, int firstSession, Duration patience)
            throws IOException {
        if (trackers.size() < 2) {
            throw new IllegalArgumentException("replication needs two trackers or more, not " + trackers.size());
        }
        SplittableRandom random = new SplittableRandom(7);
        List<Double> seen = new ArrayList<>();
        int unseen = 0;
        for (int k = 0; k < samples; k++) {
            InetSocketAddress observed = trackers.get(k % trackers.size());
            InetSocketAddress registered = trackers.get((k + 1) % trackers.size());
            int session = firstSession + 2 * k;
            try (LoadSession observer = LoadSession.open(LoopbackAddresses.forSession(session), observed,
                    "lag-observer-" + k, 0, random);
                    LoadSession peer = LoadSession.open(LoopbackAddresses.forSession(session + 1), registered,
                            "lag-peer-" + k, 1, random)) {
                long start = System.nanoTime();
                FileId file = peer.files().get(0).id();
                long deadline = start + patience.toNanos();
                boolean found = observer.finds(file);
                while (!found && System.nanoTime() < deadline) {
                    pause();
                    found = observer.finds(file);
                }
                if (found) {
                    seen.add((System.nanoTime() - start) / 1e6);
                } else {
                    unseen++;
                }
            }
        }
        return new ReplicationLag(seen, unseen);
    }

    /**
     * The median of the samples seen, in milliseconds.
     *
     * @throws IllegalStateException if none was seen
     */
    double medianMillis() {
        return Results.median(requireSeen());
    }

    /**
     * The longest sample seen, in milliseconds.
     *
     * @throws IllegalStateException if none was seen
     */
    double maxMillis() {
        return requireSeen().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private List<Double> requireSeen() {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no sample was seen on the other instance");
        }
        return millis;
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a peer to show on another instance", e);
        }
    }
}

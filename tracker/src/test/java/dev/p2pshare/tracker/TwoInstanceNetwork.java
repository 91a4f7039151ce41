package dev.p2pshare.tracker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * A network of two tracker instances sharing a Redis of the test's own, with a lease of
 * {@value #LEASE_SECONDS} s: clients alternate between them, the first on instance 0. A test that
 * starts one on a machine without redis-server is skipped, saying so.
 */
final class TwoInstanceNetwork implements TrackerNetwork {

    private static final int LEASE_SECONDS = 2;

    private final TestCluster cluster;

    private TwoInstanceNetwork(TestCluster cluster) {
        this.cluster = cluster;
    }

    /** Two instances with a new identity each, serving everyone; see {@link TrackerNetwork.Starter}. */
    static TwoInstanceNetwork start(Duration ttl, Clock clock) throws IOException {
        return new TwoInstanceNetwork(TestCluster.of(2, Duration.ofSeconds(LEASE_SECONDS), ttl, clock));
    }

    @Override
    public int port(int client) {
        return cluster.instance(client % 2).port();
    }

    @Override
    public void sweepNow() {
        for (Tracker tracker : cluster.instances()) {
            tracker.sweepNow();
        }
    }

    @Override
    public int peerCount() {
        return cluster.instance(0).peerCount();
    }

    @Override
    public int fileCount() {
        return cluster.instance(0).fileCount();
    }

    @Override
    public void settle() {
        cluster.awaitConverged(TestCluster.CONVERGES_WITHIN, cluster.instances());
    }

    @Override
    public void close() {
        cluster.close();
    }
}

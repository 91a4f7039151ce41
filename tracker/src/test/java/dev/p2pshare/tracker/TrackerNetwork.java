package dev.p2pshare.tracker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The trackers a behaviour test speaks to, as one network: a single instance, or several instances
 * sharing one Redis. A contract test (such as {@code TrackerServerContract}) runs against each, and
 * what it asserts must hold for both.
 *
 * <p>Clients are spread over the instances by the order they connect in ({@link #port(int)}), so a
 * test that reads through one client what another changed reads it, in a cluster, through another
 * instance: it calls {@link #settle()} first, since a cluster promises to agree only within
 * {@link TestCluster#CONVERGES_WITHIN}. One test drives a network; {@link #close()} stops it all.
 */
interface TrackerNetwork extends AutoCloseable {

    /** Starts a network on 127.0.0.1 whose instances expire peers silent for {@code ttl}, by {@code clock}. */
    @FunctionalInterface
    interface Starter {
        /**
         * @param ttl how long a peer stays listed without a heartbeat; the sweeper's own schedule
         *     never comes round during a test, so expiry happens at {@link #sweepNow()} only
         */
        TrackerNetwork start(Duration ttl, Clock clock) throws IOException;
    }

    /** How often the sweeper runs on its own: never, within a test. */
    Duration SWEEP_INTERVAL = Duration.ofHours(1);

    /** The port of the instance that the {@code client}-th client (from 0) connects to. */
    int port(int client);

    /** Expires silent peers on every instance now. */
    void sweepNow();

    /** How many peers are online; every instance lists every peer, so once settled any instance's count. */
    int peerCount();

    /** How many distinct files the online peers share, counted as {@link #peerCount()} is. */
    int fileCount();

    /** Waits until every instance lists the same peers, sessions and files; fails past the promised time. */
    void settle();

    /** Stops every instance, and the store they share. */
    @Override
    void close();
}

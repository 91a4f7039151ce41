package dev.p2pshare.tracker;

/** {@link TrackerServerContract} against two instances sharing a Redis, clients alternating between them. */
class TrackerServerClusterTest extends TrackerServerContract {

    TrackerServerClusterTest() {
        super(TwoInstanceNetwork::start);
    }
}

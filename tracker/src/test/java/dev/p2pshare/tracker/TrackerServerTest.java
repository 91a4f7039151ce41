package dev.p2pshare.tracker;

/** {@link TrackerServerContract} against one tracker on its own. */
class TrackerServerTest extends TrackerServerContract {

    TrackerServerTest() {
        super(OneInstanceNetwork::start);
    }
}

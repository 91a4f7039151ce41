package dev.p2pshare.tracker;

/** {@link RelayContract} against two instances sharing a Redis, clients alternating between them. */
class RelayClusterTest extends RelayContract {

    RelayClusterTest() {
        super(TwoInstanceNetwork::start);
    }
}

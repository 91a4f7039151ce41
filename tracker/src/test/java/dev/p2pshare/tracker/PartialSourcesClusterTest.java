package dev.p2pshare.tracker;

/** {@link PartialSourcesContract} against two instances sharing a Redis, clients alternating between them. */
class PartialSourcesClusterTest extends PartialSourcesContract {

    PartialSourcesClusterTest() {
        super(TwoInstanceNetwork::start);
    }
}

package dev.p2pshare.tracker;

/** {@link RelayContract} against one tracker on its own. */
class RelayTest extends RelayContract {

    RelayTest() {
        super(OneInstanceNetwork::start);
    }
}

package dev.p2pshare.tracker;

/** {@link PartialSourcesContract} against one tracker on its own. */
class PartialSourcesTest extends PartialSourcesContract {

    PartialSourcesTest() {
        super(OneInstanceNetwork::start);
    }
}

package dev.p2pshare.tracker;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import java.io.Closeable;

/**
 * What a tracker shares with the other instances of its network, if any: its own peers' changes
 * go out, notices for peers held elsewhere are passed on. {@link #local()} is a tracker on its
 * own, where every method does nothing.
 *
 * <p>Every method may be called from any thread and never waits on the network: a change is
 * queued, a notice is handed over. Others' changes reach the registry the cluster was made for.
 */
interface Cluster extends Closeable {

    /** A tracker on its own: nothing is shared. */
    static Cluster local() {
        return LocalOnly.INSTANCE;
    }

    /** This instance's id in the cluster; also the start of its session tokens. */
    String instance();

    /** Passes one of this instance's own changes on; the changes of one peer leave in the order given. */
    void publish(ClusterChange change);

    /**
     * Passes {@code notice} to peer {@code recipient}, held by instance {@code owner}.
     *
     * @return false if that instance cannot be reached now
     */
    boolean sendTo(String owner, NodeId recipient, Message notice);

    /** Passes {@code notice}, from {@code sender}, to the subscribed peers of every other instance. */
    void broadcast(NodeId sender, Message notice);

    /** How the cluster stands, for {@code /status} and {@code /metrics}; null on its own. */
    ClusterStatus status();

    /** Stops sharing; never throws. */
    @Override
    void close();

    /** The cluster of one. */
    enum LocalOnly implements Cluster {
        INSTANCE;

        @Override
        public String instance() {
            return "local";
        }

        @Override
        public void publish(ClusterChange change) {
        }

        @Override
        public boolean sendTo(String owner, NodeId recipient, Message notice) {
            return false;
        }

        @Override
        public void broadcast(NodeId sender, Message notice) {
        }

        @Override
        public ClusterStatus status() {
            return null;
        }

        @Override
        public void close() {
        }
    }
}

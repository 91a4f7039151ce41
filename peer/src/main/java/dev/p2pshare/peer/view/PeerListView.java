package dev.p2pshare.peer.view;

import dev.p2pshare.peer.net.OnlinePeers;
import dev.p2pshare.protocol.NodeId;
import java.util.List;

/**
 * The peers online.
 *
 * @param truncated whether more are online than the tracker lists at once
 */
public record PeerListView(List<OnlinePeer> peers, boolean truncated) {

    /**
     * One peer online.
     *
     * @param files how many files it shares
     * @param you whether it is this peer
     */
    public record OnlinePeer(String name, String id, String host, int port, int files, boolean you) {
    }

    public PeerListView {
        peers = List.copyOf(peers);
    }

    /** The tracker's list, as seen by the peer {@code self}. */
    public static PeerListView of(OnlinePeers list, NodeId self) {
        return new PeerListView(list.peers().stream()
                .map(peer -> new OnlinePeer(peer.name(), peer.id().hex(), peer.host(), peer.port(), peer.files(),
                        peer.id().equals(self)))
                .toList(), list.truncated());
    }
}

package dev.p2pshare.peer.net;

import dev.p2pshare.protocol.PeerEntry;
import java.util.List;

/**
 * The peers online, this one among them.
 *
 * @param truncated whether there are more than the tracker lists at once
 */
public record OnlinePeers(List<PeerEntry> peers, boolean truncated) {

    public OnlinePeers {
        peers = List.copyOf(peers);
    }
}

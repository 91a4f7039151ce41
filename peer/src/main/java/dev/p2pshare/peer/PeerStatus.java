package dev.p2pshare.peer;

import dev.p2pshare.peer.net.ServingStats;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.peer.transfer.Bans;
import dev.p2pshare.peer.transfer.DownloadSnapshot;
import dev.p2pshare.protocol.transport.Endpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * A peer's state, as the {@code status} command shows it.
 *
 * @param downloads this session's downloads and those it resumed, oldest first
 * @param bans the peers banned for sending bad chunks
 */
public record PeerStatus(String name, Endpoint serving, Path folder, int sharedFiles, long sharedBytes,
        TrackerLink.Status tracker, ServingStats.Snapshot uploads, List<DownloadSnapshot> downloads,
        List<Bans.Ban> bans) {

    public PeerStatus {
        downloads = List.copyOf(downloads);
        bans = List.copyOf(bans);
    }
}
